/**
 * Hands the results of asynchronous calls back to an operator's task thread through Flink's
 * mailbox, so that no operator blocks its task thread on the network.
 */
package dev.rivulet.operators.mailbox;
