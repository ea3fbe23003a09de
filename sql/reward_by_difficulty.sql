-- Question: is the policy's training reward rising, and on which task/difficulty cells?
-- Mean verifiable reward (= solve rate, rewards are 0/1) of generated rollouts per task and
-- difficulty in 1-minute tumbling event-time windows, with the rollouts each window saw.
SELECT
  window_start,
  window_end,
  task,
  difficulty,
  COUNT(*) AS rollouts,
  AVG(reward) AS reward_mean,
  MAX(policy_version) AS policy_version
FROM TABLE(TUMBLE(TABLE rollouts, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, task, difficulty
