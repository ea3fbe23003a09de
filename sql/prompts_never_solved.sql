-- Question: which prompts has the policy never solved, however many rollouts they got? Long-lived
-- entries with many rollouts are budget sunk into prompts that carry no gradient.
SELECT
  prompt_id,
  task,
  difficulty,
  COUNT(*) AS rollouts,
  MIN(ts) AS first_ts,
  MAX(ts) AS last_ts,
  MAX(policy_version) AS last_policy_version
FROM rollouts
GROUP BY prompt_id, task, difficulty
HAVING MAX(reward) < 1.0
