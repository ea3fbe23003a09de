/**
 * The learner: one validated policy-gradient step on a micro-batch (token-mean loss from a {@link
 * dev.rivulet.server.loss.PolicyLoss}, optional k3 KL to a frozen reference, gradient-norm clip,
 * AdamW), with all-or-nothing updates.
 */
package dev.rivulet.server.learn;
