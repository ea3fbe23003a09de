/**
 * The contract between the Flink job and the model server: immutable records, Arrow schemas and the
 * Flight client. No Flink, no DJL.
 */
package dev.rivulet.protocol;
