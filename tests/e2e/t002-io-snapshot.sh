#!/bin/sh
# Volumes and snapshots made through the CLI; host data written with a
# pattern and from a file; a snapshot keeps the data as of its creation.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc cli site-a createvv -tpvv FC_r1 vv1 1g
rc cli site-a showvv vv1 | grep -q vv1 || fail "vv1 not listed"

rc io write site-a vv1 --offset 0 --length 1M --pattern 7
rc io write site-a vv1 --offset 512M --length 64K --pattern 8
d1=$(rc io digest site-a vv1)
[ ${#d1} -eq 32 ] || fail "digest is not 32 hex digits: $d1"

rc cli site-a createsv -ro snap1 vv1
assert_eq "$(rc io digest site-a snap1)" "$d1" "a fresh snapshot has its parent's data"

rc io write site-a vv1 --offset 16K --length 16K --pattern 9
d2=$(rc io digest site-a vv1)
assert_ne "$d2" "$d1" "the base changed"
assert_eq "$(rc io digest site-a snap1)" "$d1" "the snapshot kept the old data"

# bytes: write a file, read it back from the volume, then from a snapshot
head -c 100000 /dev/urandom >"$E2E_TMP/data"
rc io write site-a vv1 --offset 1M --file "$E2E_TMP/data"
rc io read site-a vv1 --offset 1M --length 100000 --out "$E2E_TMP/back"
cmp "$E2E_TMP/data" "$E2E_TMP/back" || fail "read back differs"
rc cli site-a createsv -ro snap2 vv1
rc io write site-a vv1 --offset 1M --length 100000 --pattern 3
rc io read site-a snap2 --offset 1M --length 100000 --out "$E2E_TMP/snap"
cmp "$E2E_TMP/data" "$E2E_TMP/snap" || fail "snapshot data differs"

# the control API gives the same digest and a block count
assert_eq "$(ctl GET /arrays/site-a/volumes/vv1/digest | jget digest)" "$(rc io digest site-a vv1)"
[ "$(ctl GET /arrays/site-a/volumes/vv1/digest | jget blocks)" -gt 0 ] || fail "no blocks"

# base64 data through the API, read back raw
ctl POST /arrays/site-a/volumes/vv1/write '{"offset": 4096, "data": "aGVsbG8gd29ybGQ="}' >/dev/null
assert_eq "$(curl -sS "$RCSIM_URL/sim/v1/arrays/site-a/volumes/vv1/read?offset=4096&length=11")" \
    "hello world"

# unwritten space reads as zeros
rc io read site-a vv1 --offset 900M --length 4096 --out "$E2E_TMP/zero"
head -c 4096 /dev/zero | cmp - "$E2E_TMP/zero" || fail "unwritten space is not zero"

# stored data goes with its last holder: 64 overwrites of one 16 KiB block
# keep one copy, and removevv frees what the volume held (the database's
# live bytes, as rcsim status shows them)
live() { rc --json status | jget database.live_bytes; }
assert_contains "$(rc status)" "database: "
rc cli site-a createvv -tpvv FC_r1 space 1g
base=$(live)
i=0
while [ $i -lt 64 ]; do
    head -c 16384 /dev/urandom >"$E2E_TMP/blk"
    rc io write site-a space --offset 0 --file "$E2E_TMP/blk"
    i=$((i + 1))
done
[ "$(live)" -lt $((base + 262144)) ] || fail "64 overwrites kept $(( $(live) - base )) bytes"
head -c 4194304 /dev/urandom >"$E2E_TMP/4m"
rc io write site-a space --offset 1M --file "$E2E_TMP/4m"
[ "$(live)" -gt $((base + 4194304)) ] || fail "4 MiB written, live $(live)"
rc cli site-a removevv -f space
[ "$(live)" -lt $((base + 262144)) ] || fail "removevv left $(( $(live) - base )) bytes"
