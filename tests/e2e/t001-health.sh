#!/bin/sh
# Liveness, readiness, the arrays of the default fixture, status and the
# client's plain commands.
. "$(dirname "$0")/lib.sh"
start_rcsim

assert_eq "$(ctl GET /health | jget status)" ok
assert_eq "$(ctl GET /ready | jget ready)" true
assert_eq "$(ctl GET /arrays | jget arrays.0.name)" site-a
assert_eq "$(ctl GET /arrays | jget arrays.1.name)" site-b
assert_eq "$(ctl GET /arrays/site-b | jget id)" 102
assert_eq "$(ctl GET /arrays/site-a | jget ports.0.nsp)" 0:1:1

status=$(rc status)
assert_contains "$status" "site-a"
assert_contains "$status" "power on"
assert_eq "$(rc status --json | jget arrays.1.name)" site-b
assert_eq "$(rc clock --json | jget mode)" manual

# the embedded fixture is the default topology and valid JSON
assert_eq "$(rc fixture | jget arrays.0.id)" 101
assert_contains "$(rc version)" "rcsim "
rc help >/dev/null

# serve printed where everything listens
if [ -z "$E2E_REUSE" ]; then
    out=$(cat "$E2E_TMP/serve.out")
    assert_contains "$out" "site-a: WSAPI http://127.0.0.1:$((8008 + PORT_OFFSET))"
    assert_contains "$out" "SSH 127.0.0.2:$((2222 + PORT_OFFSET))"
    assert_contains "$out" "control API: http://127.0.0.1:$CTL_PORT/sim/v1"
fi

# usage errors exit 2, refusals 1, an unreachable server 1
expect_status 2 rc nosuchcommand
expect_status 2 rc io write site-a
expect_status 2 rc clock advance
expect_status 1 rc cli nosucharray showvv
expect_status 1 "$RCSIM" --server http://127.0.0.1:1 status
err=$("$RCSIM" --server http://127.0.0.1:1 status 2>&1 || true)
assert_contains "$err" "cannot reach the simulator"
