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

# checkpoints are listed with the time they were saved and their size, are
# not overwritten silently, and can be deleted
expect_status 1 rc checkpoint save one 2>/dev/null
assert_eq "$(ctl_status POST /checkpoints/one)" 409
rc checkpoint save one --replace >/dev/null
rc checkpoint save two >/dev/null
list=$(rc checkpoint list)
assert_contains "$list" "one"
assert_contains "$list" "$(date -u +%Y-%m-%d)"
assert_contains "$list" "KiB"
assert_eq "$(rc --json checkpoint list | jget details.1.name)" two
[ "$(rc --json checkpoint list | jget details.1.bytes)" -gt 0 ] || fail "no size"
rc checkpoint delete two >/dev/null
assert_eq "$(rc --json checkpoint list | jget checkpoints)" '["one"]'
expect_status 1 rc checkpoint delete two 2>/dev/null
assert_eq "$(ctl_status DELETE /checkpoints/two)" 404

# events --follow goes on across a reset (ids start again) and a
# checkpoint load, and /status reports the newest id after each
"$RCSIM" --server "$RCSIM_URL" --json events --follow >"$E2E_TMP/follow" 2>"$E2E_TMP/follow.err" &
follower=$!
cleanup_fn "kill $follower 2>/dev/null"
rc cli site-a createvv -tpvv FC_r1 before_reset 1g >/dev/null
rc reset >/dev/null
last=$(rc --json status | jget events.last_id)
assert_eq "$last" "$(rc --json events | jget last_id)" "status after a reset"
rc cli site-a createvv -tpvv FC_r1 after_reset 1g >/dev/null
rc checkpoint load one >/dev/null
assert_eq "$(rc --json status | jget events.last_id)" "$(rc --json events | jget last_id)"
rc cli site-a createvv -tpvv FC_r1 after_load 1g >/dev/null
i=0
until grep -q after_load "$E2E_TMP/follow"; do
    i=$((i + 1))
    [ $i -le 100 ] || fail "events --follow went silent: $(cat "$E2E_TMP/follow")"
    sleep 0.05
done
kill $follower
for o in before_reset after_reset after_load; do
    grep -q "\"object\":\"$o\"" "$E2E_TMP/follow" || fail "$o not followed"
done
assert_contains "$(cat "$E2E_TMP/follow.err")" "the event log was replaced"
