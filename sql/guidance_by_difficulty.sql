-- Question: do the hardest cells still teach anything, and does guidance reach them? Per task and
-- difficulty, per 1-minute window of training rollouts (priors excluded): the share whose
-- advantage was 0 (an all-equal group, or a dropped one: no gradient), the share generated with a
-- hint (rivulet.loop.hints), the mean reward of the hinted ones (NULL without any) and the highest
-- hint level.
SELECT
  window_start,
  window_end,
  task,
  difficulty,
  COUNT(*) AS rollouts,
  AVG(CAST(CASE WHEN ABS(advantage) < 1e-12 THEN 1 ELSE 0 END AS DOUBLE)) AS zero_advantage_share,
  AVG(CAST(CASE WHEN hint_level > 0 THEN 1 ELSE 0 END AS DOUBLE)) AS hinted_share,
  AVG(CASE WHEN hint_level > 0 THEN reward END) AS hinted_reward_mean,
  COALESCE(MAX(hint_level), 0) AS max_hint_level
FROM TABLE(TUMBLE(TABLE rollouts, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE))
WHERE phase = 'train'
GROUP BY window_start, window_end, task, difficulty
