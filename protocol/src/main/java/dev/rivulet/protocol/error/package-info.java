/**
 * The errors of the policy protocol, shared by the Arrow codec, the Flight client and server and
 * both sides' code: one exception per {@link dev.rivulet.protocol.error.PolicyErrorCode}, so a
 * caller can tell a bad request (never retried) from a transient failure (retried with backoff).
 */
package dev.rivulet.protocol.error;
