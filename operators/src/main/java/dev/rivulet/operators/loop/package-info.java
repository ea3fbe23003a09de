/** The RolloutLoop: per-shard prompt pool, selection, generation, scoring and advantages. */
package dev.rivulet.operators.loop;
