/** Supervised warm-up of a base policy on (prompt, answer) pairs. */
package dev.rivulet.server.pretrain;
