-- Question: is held-out (never trained on) accuracy improving per task/difficulty cell?
-- Greedy held-out accuracy of the periodic evaluations per cell in 1-minute tumbling windows
-- (correct / total over the evaluations that finished in the window).
SELECT
  window_start,
  window_end,
  cell,
  task,
  difficulty,
  COUNT(*) AS evaluations,
  CAST(SUM(correct) AS DOUBLE) / SUM(total) AS accuracy,
  MAX(policy_version) AS policy_version
FROM TABLE(TUMBLE(TABLE evaluations, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, cell, task, difficulty
