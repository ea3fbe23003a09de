/**
 * The DJL model server as a {@link dev.rivulet.protocol.flight.PolicyService}: request validation,
 * serialised model access, versions, commits and checkpoints.
 */
package dev.rivulet.server.service;
