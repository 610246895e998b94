#!/bin/sh
# The manual clock moves only when told, and a snapshot with an expiry
# disappears once the clock passes it.
. "$(dirname "$0")/lib.sh"
start_rcsim

t0=$(rc clock --json | jget now_ms)
assert_eq "$(rc clock --json | jget now_ms)" "$t0" "the manual clock stands still"

rc cli site-a createvv -tpvv FC_r1 vv1 1g
rc cli site-a createsv -ro -exp 1h sv1 vv1
rc cli site-a createsv -ro sv2 vv1
rc io digest site-a sv1 >/dev/null

rc clock advance 30m >/dev/null
assert_eq "$(rc clock --json | jget now_ms)" "$((t0 + 1800000))"
rc io digest site-a sv1 >/dev/null || fail "sv1 expired too early"

rc clock advance 2h >/dev/null
expect_fail rc io digest site-a sv1 2>/dev/null
rc cli site-a showvv | grep -q 'sv1' && fail "sv1 still listed"
rc io digest site-a sv2 >/dev/null || fail "sv2 has no expiry and must stay"

# set, mode, and refusals
rc clock set "2030-01-01 00:00:00" >/dev/null
assert_contains "$(rc clock)" "2030-01-01 00:00:00"
expect_status 1 rc clock set "2020-01-01 00:00:00" 2>/dev/null
assert_eq "$(ctl POST /clock/advance '{"by": 60000}' | jget now)" "2030-01-01 00:01:00 UTC"
# one duration syntax everywhere: a unit is required, compound and
# decimal forms work, and a mistake is a usage error naming what was typed
expect_status 2 rc clock advance 5parsecs 2>/dev/null
msg=$(rc clock advance 10 2>&1) && fail "a bare number was taken"
assert_contains "$msg" "'10' needs a unit: 10s"
case $msg in *"'by'"*) fail "the error names the JSON field: $msg" ;; esac
t1=$(rc clock --json | jget now_ms)
rc clock advance 1m30s >/dev/null
rc clock advance 1.5s >/dev/null
assert_eq "$(rc clock --json | jget now_ms)" "$((t1 + 91500))" "1m30s + 1.5s"
msg=$("$RCSIM" serve --db :memory: --session-idle 10 2>&1) && fail "serve took a bare number"
assert_contains "$msg" "--session-idle: '10' needs a unit"
rc clock mode real --scale 2 >/dev/null
assert_eq "$(rc clock --json | jget mode)" real
rc clock mode manual >/dev/null
assert_eq "$(rc clock --json | jget mode)" manual

# one latest time for every way of moving the clock: refused, nothing moves
now=$(rc clock --json | jget now)
assert_eq "$(ctl_status POST /clock/set '{"time": "9999-12-31 23:59:59"}')" 400
assert_eq "$(jget error <"$E2E_TMP/ctl.body")" out_of_range
assert_contains "$(jget message <"$E2E_TMP/ctl.body")" "2199-12-31 23:59:59 UTC"
expect_status 1 rc clock set "@253402300799" 2>/dev/null
expect_status 1 rc clock set "@9223372036854775807" 2>/dev/null
expect_status 1 rc clock advance 200y 2>/dev/null
assert_eq "$(rc clock --json | jget now)" "$now"
rc clock set "2199-12-31 23:59:59" >/dev/null
assert_contains "$(rc clock)" "2199-12-31 23:59:59"
