-- Question: is the budget allocator spending where it should? Prompts grouped by their observed
-- solve rate (band): the informative prompts sit between 0.2 and 0.8, and they should get the
-- most rollouts per prompt; always-solved and never-solved prompts carry no gradient.
SELECT
  band,
  COUNT(*) AS prompts,
  SUM(rollouts) AS rollouts,
  CAST(SUM(rollouts) AS DOUBLE) / COUNT(*) AS rollouts_per_prompt,
  MIN(rollouts) AS min_rollouts,
  MAX(rollouts) AS max_rollouts
FROM (
  SELECT
    prompt_id,
    COUNT(*) AS rollouts,
    CASE
      WHEN AVG(reward) <= 0 THEN '0: never solved'
      WHEN AVG(reward) < 0.2 THEN '1: (0, 0.2)'
      WHEN AVG(reward) <= 0.8 THEN '2: [0.2, 0.8]'
      WHEN AVG(reward) < 1 THEN '3: (0.8, 1)'
      ELSE '4: always solved'
    END AS band
  FROM rollouts
  GROUP BY prompt_id
)
GROUP BY band
