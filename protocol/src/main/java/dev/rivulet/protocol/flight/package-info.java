/**
 * The policy service over Arrow Flight: the {@link dev.rivulet.protocol.flight.PolicyService}
 * interface a model server implements, the server that exposes it, the retrying client, and the
 * typed exceptions both sides use.
 */
package dev.rivulet.protocol.flight;
