#!/usr/bin/env bash
# Checks the monitoring configuration without a Docker engine or a running Prometheus:
#   1. promtool check rules / check config on docker/prometheus/,
#   2. promtool test rules on the alert unit tests,
#   3. that every alert's tests can fail: each alert is renamed in turn (its firing cases must
#      then fail) and made to fire always (its silent cases must then fail),
#   4. docker-compose config on docker/compose.yaml (validation only, no engine needed).
# Needs promtool (Debian: prometheus) and docker-compose (Debian: docker-compose).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
P=docker/prometheus

echo "== promtool check rules"
promtool check rules "$P/alerts.yml"
echo "== promtool check config"
promtool check config "$P/prometheus.yml"
promtool check config "$P/prometheus-local.yml"
echo "== promtool test rules"
promtool test rules "$P/alerts_test.yml"

echo "== every alert's tests can fail"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$P/alerts_test.yml" "$work/"
alerts=$(sed -n 's/^ *- alert: *\([A-Za-z0-9_]*\).*/\1/p' "$P/alerts.yml")
[[ -n "$alerts" ]] || { echo "no alerts found in $P/alerts.yml"; exit 1; }
bad=0
for a in $alerts; do
  grep -q "alertname: $a\$" "$P/alerts_test.yml" || { echo "  $a: no test cases"; bad=1; continue; }
  ok=1
  # renamed: the cases that expect it to fire must fail
  sed "s/^\( *- alert: *\)$a\$/\1${a}Renamed/" "$P/alerts.yml" > "$work/alerts.yml"
  if promtool test rules "$work/alerts_test.yml" > /dev/null 2>&1; then
    echo "  $a: tests still pass with the alert renamed (no firing case?)"; ok=0
  fi
  # always firing: the cases that expect silence must fail
  awk -v name="$a" '
    /^ *- alert: / { inside = ($3 == name) }
    inside && /^ *expr:/ { match($0, /^ */); ind = RLENGTH; print substr($0, 1, ind) "expr: vector(1)"; skip = 1; next }
    inside && /^ *for:/ { match($0, /^ */); print substr($0, 1, RLENGTH) "for: 0m"; skip = 0; next }
    skip { match($0, /^ */); if (RLENGTH > ind) next; skip = 0 }
    { print }
  ' "$P/alerts.yml" > "$work/alerts.yml"
  if promtool test rules "$work/alerts_test.yml" > /dev/null 2>&1; then
    echo "  $a: tests still pass with the alert always firing (no silent case?)"; ok=0
  fi
  if [[ $ok -eq 1 ]]; then echo "  $a: firing and silent cases both bite"; else bad=1; fi
done
[[ $bad -eq 0 ]] || { echo "alert tests are not strict enough"; exit 1; }

echo "== docker-compose config"
docker-compose -f docker/compose.yaml config -q
echo "== monitoring checks passed"
