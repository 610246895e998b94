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
