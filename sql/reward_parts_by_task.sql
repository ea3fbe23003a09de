-- Question: which part of the reward is moving, per task and difficulty: is the policy getting
-- answers right, or only learning the answer format? Mean of each named reward part
-- (correctness, format, ...; rows' reward_parts) per task, difficulty and part in 1-minute
-- tumbling event-time windows, with the rollouts that reported the part. Rollouts written
-- without reward_parts (older telemetry) add no rows.
SELECT
  window_start,
  window_end,
  task,
  difficulty,
  part,
  COUNT(*) AS rollouts,
  AVG(part_value) AS part_mean,
  MAX(policy_version) AS policy_version
FROM TABLE(TUMBLE(TABLE rollouts, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE)) AS w
CROSS JOIN UNNEST(w.reward_parts) AS p (part, part_value)
GROUP BY window_start, window_end, task, difficulty, part
