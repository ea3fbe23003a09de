-- Question: which input rows are being rejected, and why? Dead letters per source and stable
-- reason code, with an example reason and the first and last line numbers.
SELECT
  source,
  code,
  COUNT(*) AS letters,
  MIN(reason) AS example_reason,
  MIN(line) AS first_line,
  MAX(line) AS last_line
FROM dead_letters
GROUP BY source, code
