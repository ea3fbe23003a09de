-- Question: what is the latest held-out accuracy of each task/difficulty cell, and at which
-- policy version was it measured? (After a run, this is summary.json's final accuracy per cell.)
SELECT cell, task, difficulty, policy_version, correct, total, accuracy, ts
FROM (
  SELECT
    cell, task, difficulty, policy_version, correct, total, accuracy, ts,
    ROW_NUMBER() OVER (PARTITION BY cell ORDER BY ts DESC) AS rn
  FROM evaluations
)
WHERE rn = 1
