#!/bin/sh
# The host data path (docs/behaviour.md "Host data path (NBD)"): real NBD
# clients (nbdinfo, nbdcopy, nbdsh, qemu-img) write a sync-replicated
# volume through its VLUN; the DR copy after a link cut and a failover is
# the last replicated state; a secondary refuses writes (EPERM).
. "$(dirname "$0")/lib.sh"
requires nbdcopy nbdinfo nbdsh qemu-img
start_rcsim
# nbdsh is a python script: Debian's python has its module
nbdsh() { PATH=/usr/bin:$PATH command nbdsh "$@"; }

nbd_url() {     # nbd_url ARRAY EXPORT
    _p=$(ctl GET /arrays | $PY -c '
import json, sys
j = json.load(sys.stdin)
for a in j.get("arrays", j) if isinstance(j, dict) else j:
    if a["name"] == sys.argv[1]:
        print(a["nbd"]["address"] + ":" + str(a["nbd"]["port"]))' "$1")
    echo "nbd://$_p/$2"
}

RC_SIZE=128m rc_group g
rc cli site-a startrcopygroup g
advance_until_synced g
rc cli site-a createhost -iscsi app1 iqn.2026-01.com.example:app1 >/dev/null
rc cli site-a createvlun g_v 5 app1 >/dev/null
rc cli site-b createhost -iscsi app1 iqn.2026-01.com.example:app1 >/dev/null
rc cli site-b createvlun g_v 5 app1 >/dev/null
A=$(nbd_url site-a app1/5)
B=$(nbd_url site-b app1/5)

# the export: its size, the LIST, and the volume name as an alias
nbdinfo --size "$A" >"$E2E_TMP/size"
assert_eq "$(cat "$E2E_TMP/size")" "134217728"
nbdinfo --list "$(nbd_url site-a "")" >"$E2E_TMP/list" 2>&1 || true
grep -q 'app1/5' "$E2E_TMP/list" || fail "LIST lacks app1/5: $(cat "$E2E_TMP/list")"
assert_eq "$(nbdinfo --size "$(nbd_url site-a app1/g_v)")" "134217728"
expect_fail nbdinfo --size "$(nbd_url site-a nobody/5)" 2>/dev/null
expect_fail nbdinfo --size "$(nbd_url site-a app1/6)" 2>/dev/null
# the secondary's export is read-only
assert_eq "$(nbdinfo --json "$B" | jget exports.0.is_read_only)" "true"

# 64 MiB written with nbdcopy, replicated before each reply
$PY -c '
import hashlib, sys
b = bytes((i * 7 + (i >> 12)) & 0xff for i in range(1 << 20)) * 64
open(sys.argv[1], "wb").write(b)' "$E2E_TMP/pattern"
nbdcopy "$E2E_TMP/pattern" "$A"
same_data site-a:g_v site-b:g_v
nbdcopy "$A" "$E2E_TMP/back"
cmp -n 67108864 "$E2E_TMP/pattern" "$E2E_TMP/back" || fail "read back differs"
replicated=$(rc io digest site-b g_v)

# a secondary refuses writes with EPERM, even from a client that tries
out=$(nbdsh -u "$B" -c '
import errno
h.set_strict_mode(0)
try:
    h.pwrite(b"x" * 4096, 0)
    print("written")
except nbd.Error as e:
    print(e.errnum == errno.EPERM and "EPERM" or e)
')
assert_eq "$out" "EPERM"

# cut the link, write more: the primary takes it, the DR side does not
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
nbdsh -u "$A" -c 'h.pwrite(b"\xab" * (1 << 20), 8 << 20); h.flush()'
assert_eq "$(rc io digest site-b g_v)" "$replicated"

# failover: the DR volume is writable through its own VLUN and holds
# exactly the last replicated state
rc cli site-b setrcopygroup failover -f g.r101 >/dev/null
assert_eq "$(nbdinfo --json "$B" | jget exports.0.is_read_only)" "false"
nbdcopy "$B" "$E2E_TMP/dr"
cmp -n 67108864 "$E2E_TMP/pattern" "$E2E_TMP/dr" || fail "the DR copy is not the last replicated state"
nbdsh -u "$B" -c 'h.pwrite(b"y" * 65536, 0); h.flush()'

# qemu-img: the whole volume out and back in
qemu-img convert -f raw -O raw "$B" "$E2E_TMP/q.raw"
before=$(rc io digest site-b g_v)
nbdsh -u "$B" -c 'h.zero(128 << 20, 0)'
qemu-img convert -n -f raw -O raw "$E2E_TMP/q.raw" "$B"
assert_eq "$(rc io digest site-b g_v)" "$before"

# a powered-off array drops its connections and stops listening
rc array down site-b >/dev/null
expect_fail nbdinfo --size "$B" 2>/dev/null
rc array up site-b >/dev/null
assert_eq "$(nbdinfo --size "$B")" "134217728"
