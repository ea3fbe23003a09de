/**
 * Arrow schemas of the record batches exchanged with the model server and the codec between
 * protocol records and {@link org.apache.arrow.vector.VectorSchemaRoot}s.
 */
package dev.rivulet.protocol.arrow;
