/**
 * Test support shared with other modules through this module's test-jar: a deterministic policy
 * service and sample records.
 */
package dev.rivulet.protocol.testing;
