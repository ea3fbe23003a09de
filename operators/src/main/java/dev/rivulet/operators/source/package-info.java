/** FLIP-27 prompt sources: the synthetic task pool and JSONL files, with dead letters. */
package dev.rivulet.operators.source;
