#!/bin/sh
# A restart on the same database finds everything unchanged.
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim

rc cli site-a createvv -tpvv FC_r1 vv1 16g
rc cli site-a createvv FC_r5 vv2 2g
rc io write site-a vv1 --offset 0 --length 4M --pattern 11
rc cli site-a createsv -ro vv1.snap vv1
rc io write site-a vv1 --offset 1G --length 1M --pattern 12
rc io write site-b vv1 --offset 0 --length 1M --pattern 13 2>/dev/null && fail "site-b has no vv1"
rc clock advance 90m >/dev/null

show1=$(rc cli site-a showvv)
d1=$(rc io digest site-a vv1)
s1=$(rc io digest site-a vv1.snap)
c1=$(rc clock --json | jget now_ms)
e1=$(rc events --json | jget last_id)

restart_rcsim

assert_eq "$(rc cli site-a showvv)" "$show1" "showvv after restart"
assert_eq "$(rc io digest site-a vv1)" "$d1" "base digest after restart"
assert_eq "$(rc io digest site-a vv1.snap)" "$s1" "snapshot digest after restart"
assert_eq "$(rc clock --json | jget now_ms)" "$c1" "the clock carries on"
[ "$(rc events --json | jget last_id)" -ge "$e1" ] || fail "events lost"

# and a third start changes nothing either
restart_rcsim
assert_eq "$(rc io digest site-a vv1)" "$d1"

# --fixture on a database made from another fixture is refused, not
# silently ignored; --reset-db starts it again from the new one; without
# --fixture a reset goes back to the database's own
stop_rcsim
rc fixture | sed 's/"site-b"/"site-c"/g' >"$E2E_TMP/other.json"
serve() {
    "$RCSIM" serve --db "$RCSIM_DB" --control "127.0.0.1:$CTL_PORT" --port-offset "$PORT_OFFSET" \
        --clock manual "$@"
}
st=0
msg=$(serve --fixture "$E2E_TMP/other.json" 2>&1) || st=$?
assert_eq "$st" 1 "a database of another fixture"
assert_contains "$msg" "holds the state of fixture 'two-site.json (built in)'"
assert_contains "$msg" "--reset-db"
pid=$(serve --detach --fixture "$E2E_TMP/other.json" --reset-db)
cleanup_fn "kill $pid 2>/dev/null"
rc wait --timeout 5s
assert_eq "$(rc --json status | jget arrays.1.name)" site-c
expect_fail rc io digest site-a vv1 2>/dev/null
kill "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
pid=$(serve --detach)
rc cli site-a createvv -tpvv FC_r1 vv9 1g >/dev/null
rc reset >/dev/null
assert_eq "$(rc --json status | jget arrays.1.name)" site-c "reset kept the database's fixture"
assert_contains "$(rc cli site-a showvv vv9)" "no vv listed"
kill "$pid"
