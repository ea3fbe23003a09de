-- Telemetry tables over a run directory's JSON-lines files (what `bin/rivulet demo` and the
-- cluster job write): one directory per table under ${run}/telemetry/. Committed part files only:
-- Flink's filesystem source skips the in-progress files, whose names start with a dot.
-- ${run} is replaced by the run directory (a path or a URI) before these statements run.
-- For a live run the runner adds 'source.monitor-interval' (ALTER TABLE ... SET) so that the
-- tables become unbounded and pick up each newly committed file.

CREATE TABLE rollouts (
  ts BIGINT,
  rollout_id STRING,
  prompt_id STRING,
  task STRING,
  difficulty INT,
  shard INT,
  reward DOUBLE,
  advantage DOUBLE,
  policy_version BIGINT,
  response_tokens INT,
  group_size INT,
  dropped BOOLEAN,
  finish_reason STRING,
  reward_parts MAP<STRING, DOUBLE>,
  phase STRING,
  hint_level INT,
  ts_ltz AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR ts_ltz AS ts_ltz - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${run}/telemetry/rollouts',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'false'
);

CREATE TABLE learner_steps (
  ts BIGINT,
  batch_id STRING,
  policy_version BIGINT,
  loss DOUBLE,
  kl DOUBLE,
  entropy DOUBLE,
  clip_fraction DOUBLE,
  grad_norm DOUBLE,
  samples INT,
  tokens INT,
  effective_gradient_ratio DOUBLE,
  staleness_mean DOUBLE,
  staleness_max BIGINT,
  reward_mean DOUBLE,
  buffer_size BIGINT,
  dropped_stale BIGINT,
  train_millis BIGINT,
  `duplicate` BOOLEAN,
  `received` BIGINT,
  ts_ltz AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR ts_ltz AS ts_ltz - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${run}/telemetry/learner_steps',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'false'
);

CREATE TABLE evaluations (
  ts BIGINT,
  elapsed_s DOUBLE,
  policy_version BIGINT,
  cell STRING,
  task STRING,
  difficulty INT,
  correct INT,
  total INT,
  accuracy DOUBLE,
  rollouts BIGINT,
  eval_seconds DOUBLE,
  samples INT,
  sample_temperature DOUBLE,
  sampled_prompts INT,
  pass_at_k DOUBLE,
  mean_at_k DOUBLE,
  sampled_seconds DOUBLE,
  ts_ltz AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR ts_ltz AS ts_ltz - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${run}/telemetry/evaluations',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'false'
);

CREATE TABLE dead_letters (
  ts BIGINT,
  source STRING,
  line BIGINT,
  reason STRING,
  code STRING,
  `raw` STRING,
  ts_ltz AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR ts_ltz AS ts_ltz - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${run}/telemetry/dead_letters',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'false'
);
