-- Telemetry tables over Kafka topics, one topic per table (${topic_prefix}rollouts,
-- ${topic_prefix}learner_steps, ${topic_prefix}evaluations, ${topic_prefix}dead_letters), each
-- message one telemetry row in the same JSON shape as the files (see filesystem.sql).
-- ${bootstrap} is the broker list (host:port,...); ${topic_prefix} defaults to 'rivulet.'.
-- The tables are unbounded; a one-shot query (bin/rivulet sql --kafka) adds
-- 'scan.bounded.mode' = 'latest-offset' (ALTER TABLE ... SET) and reads what is there now.
-- Readers see committed rows only (isolation.level read_committed): the job's exactly-once
-- Kafka sink (rivulet.telemetry.kafka.*) commits a transaction per checkpoint, so a row appears
-- when the checkpoint after it completes, as a file part does; rows replayed after a restore
-- belong to aborted transactions and never appear. Non-transactional producers are read as is.
-- The monitoring queries in sql/*.sql run unchanged on either variant.

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
  'connector' = 'kafka',
  'topic' = '${topic_prefix}rollouts',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = 'rivulet-sql-monitor',
  'scan.startup.mode' = 'earliest-offset',
  'properties.isolation.level' = 'read_committed',
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
  'connector' = 'kafka',
  'topic' = '${topic_prefix}learner_steps',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = 'rivulet-sql-monitor',
  'scan.startup.mode' = 'earliest-offset',
  'properties.isolation.level' = 'read_committed',
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
  'connector' = 'kafka',
  'topic' = '${topic_prefix}evaluations',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = 'rivulet-sql-monitor',
  'scan.startup.mode' = 'earliest-offset',
  'properties.isolation.level' = 'read_committed',
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
  'connector' = 'kafka',
  'topic' = '${topic_prefix}dead_letters',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = 'rivulet-sql-monitor',
  'scan.startup.mode' = 'earliest-offset',
  'properties.isolation.level' = 'read_committed',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'false'
);
