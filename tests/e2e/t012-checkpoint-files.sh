#!/bin/sh
# A checkpoint file that is not a whole rcsim database (left empty by a
# kill, cut short, another program's) is listed as invalid, and loading it
# is refused before anything changes: the live state stays, also across a
# restart. Saving over a checkpoint replaces it whole.
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim
cpdir="$RCSIM_DB.checkpoints"

rc cli site-a createvv -tpvv FC_r1 vv1 1g
rc io write site-a vv1 --offset 0 --length 1M --pattern 5
d1=$(rc io digest site-a vv1)
rc checkpoint save good

: >"$cpdir/empty.db"
head -c 6000 "$cpdir/good.db" >"$cpdir/cut.db"
printf 'not a database, only some text that is long enough to look like one\n' \
    >"$cpdir/text.db"
list=$(rc checkpoint list)
assert_contains "$list" "empty (invalid: empty file)"
assert_contains "$list" "cut (invalid: "
assert_contains "$list" "text (invalid: "
assert_eq "$(rc --json checkpoint list | jget checkpoints)" '["good"]' "only good is usable"

for name in empty cut text; do
    assert_eq "$(ctl_status POST "/checkpoints/$name/load")" 422 "load of $name"
    assert_eq "$(jget error <"$E2E_TMP/ctl.body")" bad_checkpoint
    assert_eq "$(rc io digest site-a vv1)" "$d1" "live state kept after loading $name"
done
expect_status 1 rc checkpoint load empty 2>/dev/null
rc cli site-a createvv -tpvv FC_r1 vv2 1g
restart_rcsim
assert_eq "$(rc io digest site-a vv1)" "$d1" "live state kept across a restart"
rc io digest site-a vv2 >/dev/null

# a save over a checkpoint replaces it whole and leaves no temporary file
rc checkpoint save good --replace
assert_eq "$(ls -A "$cpdir" | grep -c '^\.' || true)" 0 "no temporary files"
rc checkpoint load good
rc io digest site-a vv2 >/dev/null
