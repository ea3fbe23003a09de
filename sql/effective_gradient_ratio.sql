-- Question: what share of the trained samples carries a learning signal over time? Groups whose
-- rewards are all equal get zero advantage and no gradient; a falling ratio means the prompts
-- became too easy or too hard. Sample-weighted, per 1-minute tumbling window of learner steps.
SELECT
  window_start,
  window_end,
  COUNT(*) AS steps,
  SUM(samples) AS samples,
  SUM(samples * effective_gradient_ratio) / SUM(samples) AS effective_gradient_ratio,
  MAX(policy_version) AS policy_version
FROM TABLE(TUMBLE(TABLE learner_steps, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE))
WHERE samples > 0
GROUP BY window_start, window_end
