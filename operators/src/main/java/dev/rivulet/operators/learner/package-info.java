/** The LearnerSink: RocksDB replay buffer, micro-batches and the exactly-once train protocol. */
package dev.rivulet.operators.learner;
