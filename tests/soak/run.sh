#!/bin/sh
# tests/soak/run.sh - `make soak`: start rcsim on the real clock (scaled, so
# that link timeouts run out within a flap), run the soak program against
# it, then stop the server (it must exit 0 on SIGTERM). Stops by itself.
#   SOAK_SECONDS (60)  SOAK_CLIENTS (64)  SOAK_SEED  SOAK_FLAP_MS (3000)
#   SOAK_MAX_MS (1000)  SOAK_RSS_GROWTH_MB (16)  SOAK_CLOCK_SCALE (10)
# Argument: the soak binary. Not part of `make check`.
soak=$1
. "$(dirname "$0")/../e2e/lib.sh"
requires_own_server
RCSIM_LOG_LEVEL=${RCSIM_LOG_LEVEL:-warn}
start_rcsim --clock real --clock-scale "${SOAK_CLOCK_SCALE:-10}"
st=0
"$soak" --control "$RCSIM_URL" --pid "$RCSIM_PID" --seconds "${SOAK_SECONDS:-60}" \
    --clients "${SOAK_CLIENTS:-64}" --flap-ms "${SOAK_FLAP_MS:-3000}" \
    --max-ms "${SOAK_MAX_MS:-1000}" --rss-growth-mb "${SOAK_RSS_GROWTH_MB:-16}" \
    ${SOAK_SEED:+--seed "$SOAK_SEED"} || st=$?
curl -sf "$RCSIM_URL/sim/v1/health" >/dev/null || fail "the server does not answer after the soak"
stop_rcsim
if grep -q ' ERROR ' "$E2E_TMP/serve.log"; then
    grep ' ERROR ' "$E2E_TMP/serve.log" | head -5
    fail "errors in the server log"
fi
[ $st -eq 0 ] || fail "soak failed"
echo "soak: server stopped cleanly"
