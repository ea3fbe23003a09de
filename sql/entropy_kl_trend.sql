-- Question: is the policy collapsing or drifting? Token entropy (falling towards 0 = collapse),
-- KL to the behaviour policy and the clip fraction (rising = updates too large), with the loss,
-- per 1-minute tumbling window of learner steps.
SELECT
  window_start,
  window_end,
  COUNT(*) AS steps,
  AVG(entropy) AS entropy_mean,
  MIN(entropy) AS entropy_min,
  AVG(kl) AS kl_mean,
  MAX(kl) AS kl_max,
  AVG(clip_fraction) AS clip_fraction_mean,
  AVG(loss) AS loss_mean,
  MAX(policy_version) AS policy_version
FROM TABLE(TUMBLE(TABLE learner_steps, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end
