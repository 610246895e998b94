#!/bin/sh
# reset returns to the fixture; checkpoints save and restore everything.
. "$(dirname "$0")/lib.sh"
start_rcsim

fixture_show=$(rc cli site-a showvv)
rc cli site-a createvv -tpvv FC_r1 vv1 1g
rc io write site-a vv1 --offset 0 --length 1M --pattern 5
d1=$(rc io digest site-a vv1)

rc checkpoint save one
assert_contains "$(rc checkpoint list)" one
rc io write site-a vv1 --offset 0 --length 1M --pattern 6
rc cli site-a createvv -tpvv FC_r1 vv2 1g
assert_ne "$(rc io digest site-a vv1)" "$d1"
# a read leaves no statement open on the database (the restore needs it idle)
rc io read site-a vv1 --offset 0 --length 64K --out "$E2E_TMP/read"

rc checkpoint load one
assert_eq "$(rc io digest site-a vv1)" "$d1" "data restored"
expect_fail rc io digest site-a vv2 2>/dev/null

expect_status 1 rc checkpoint load nosuch 2>/dev/null
assert_eq "$(ctl_status POST /checkpoints/nosuch/load)" 404
assert_eq "$(ctl_status POST '/checkpoints/bad%20name')" 400

rc reset
assert_eq "$(rc cli site-a showvv)" "$fixture_show" "reset returns to the fixture"
expect_fail rc io digest site-a vv1 2>/dev/null
assert_eq "$(rc status --json | jget arrays.0.volumes)" 0
# a checkpoint survives a reset
rc checkpoint load one
assert_eq "$(rc io digest site-a vv1)" "$d1"
