#!/usr/bin/env bash
# Container health check without curl: GET http://127.0.0.1:PORT/PATH must answer 200.
# Usage: healthcheck.sh PORT PATH   (the images' HEALTHCHECK and the compose healthchecks)
set -u
port="${1:?port}"
path="${2:-/}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  HTTP/1.?" 200 "*) exit 0 ;;
  *) exit 1 ;;
esac
