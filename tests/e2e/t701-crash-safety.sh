#!/bin/sh
# kill -9 at random points of a scripted run (writes, checkpoint save and
# load, group start, link failure, resync, failover, recover, restore) and
# restart on the same database: the state is that of the last command that
# completed (or of the one in flight, if it committed), and the scenario
# then ends with equal data on both sides. CRASH_POINTS (default 50) kill
# points, CRASH_SEED replays a run (the seed is printed). See
# helpers/crash.py.
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim
stop_rcsim          # a pristine database: every run starts from a copy

$PY "$(dirname "$0")/helpers/crash.py" --rcsim "$RCSIM" --db "$RCSIM_DB" \
    --dir "$E2E_TMP" --control "$CTL_PORT" --port-offset "$PORT_OFFSET" \
    --points "${CRASH_POINTS:-50}" ${CRASH_SEED:+--seed "$CRASH_SEED"} \
    || fail "kill points did not hold (server log: $E2E_TMP/serve.log)"
