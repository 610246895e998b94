#!/bin/sh
# The host data path's protocol and access rules (docs/behaviour.md "Host
# data path (NBD)"): bad handshakes and oversized requests get the
# protocol's errors and never crash the server; structured replies and
# base:allocation; TRIM and WRITE_ZEROES through the engine;
# fail_wrt_on_err with the links down and an ALUA standby path fail with
# EIO; 64 clients at once.
. "$(dirname "$0")/lib.sh"
requires nbdsh
start_rcsim
nbdsh() { PATH=/usr/bin:$PATH command nbdsh "$@"; }

nbd_addr() {
    ctl GET /arrays | $PY -c '
import json, sys
j = json.load(sys.stdin)
for a in j.get("arrays", j) if isinstance(j, dict) else j:
    if a["name"] == sys.argv[1]:
        print(a["nbd"]["address"], a["nbd"]["port"])' "$1"
}

rc cli site-a createvv -tpvv FC_r1 plain 64m >/dev/null
rc cli site-a createhost -iscsi h1 iqn.2026-01.com.example:h1 >/dev/null
rc cli site-a createvlun plain 0 h1 >/dev/null
set -- $(nbd_addr site-a)
HOST=$1 PORT=$2
U="nbd://$HOST:$PORT/h1/0"

# the wire, byte by byte: refusals in the protocol's own form
$PY - "$HOST" "$PORT" <<'PYEOF'
import socket, struct, sys
host, port = sys.argv[1], int(sys.argv[2])
OPT, REPLY = 0x49484156454F5054, 0x3e889045565a9

def conn(flags=3):
    s = socket.create_connection((host, port), timeout=20)
    hello = recv(s, 18)
    assert hello[:8] == b"NBDMAGIC" and struct.unpack(">Q", hello[8:16])[0] == OPT, hello
    s.sendall(struct.pack(">I", flags))
    return s

def recv(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            return b
        b += c
    return b

def closed(s):
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True

def option(s, opt, data=b""):
    s.sendall(struct.pack(">QII", OPT, opt, len(data)) + data)
    magic, o, typ, ln = struct.unpack(">QIII", recv(s, 20))
    assert magic == REPLY and o == opt, (hex(magic), o)
    return typ, recv(s, ln)

# not fixed newstyle: closed without a word
assert closed(conn(0))
# an option out of step (bad magic): closed
s = conn(); s.sendall(struct.pack(">QII", 1234, 7, 0)); assert closed(s)
# an option too big to take: NBD_REP_ERR_TOO_BIG, and the session goes on
s = conn()
assert option(s, 7, b"\0" * 8000)[0] == 0x80000009
assert option(s, 99)[0] == 0x80000001            # unknown: ERR_UNSUP
assert option(s, 5)[0] == 0x80000001             # no TLS here
name = b"h1/0"
typ, _ = option(s, 6, struct.pack(">I", 99) + name)   # a name past its data
assert typ == 0x80000003, hex(typ)                    # ERR_INVALID
typ, _ = option(s, 7, struct.pack(">I", 5) + b"h1/99" + b"\0\0")
assert typ == 0x80000006, hex(typ)                    # ERR_UNKNOWN
typ, _ = option(s, 7, struct.pack(">I", 5) + b"h2/0x" + b"\0\0")
assert typ == 0x80000006, hex(typ)
assert option(s, 2)[0] == 1                           # ABORT: ACK
assert closed(s)

# transmission: oversized requests answered, out of step closed
s = conn()
typ, data = option(s, 7, struct.pack(">I", len(name)) + name + b"\0\0")
while typ != 1:                                        # INFO replies, then ACK
    assert typ == 3, typ
    magic, o, typ, ln = struct.unpack(">QIII", recv(s, 20))
    recv(s, ln)
def request(s, typ, off, ln, payload=b"", handle=7):
    s.sendall(struct.pack(">IHHQQI", 0x25609513, 0, typ, handle, off, ln) + payload)
def simple(s):
    magic, err, handle = struct.unpack(">IIQ", recv(s, 16))
    assert magic == 0x67446698, hex(magic)
    return err
request(s, 0, 0, 64 << 20); assert simple(s) == 75     # READ past 32 MiB: EOVERFLOW
request(s, 1, 0, 33 << 20, b"\0" * (33 << 20)); assert simple(s) == 75
request(s, 0, 64 << 20, 4096); assert simple(s) == 22  # past the end: EINVAL
request(s, 1, 0, 512, b"\1" * 512); assert simple(s) == 0
request(s, 0, 0, 512); assert simple(s) == 0 and recv(s, 512) == b"\1" * 512
request(s, 7, 0, 4096); assert simple(s) == 22         # no context chosen
s.sendall(b"\0" * 28); assert closed(s)
print("wire ok")
PYEOF
ctl GET /health >/dev/null || fail "the server did not survive"

# structured replies, base:allocation, trim and zeroes through the engine
out=$(nbdsh --base-allocation -u "$U" -c '
assert h.get_structured_replies_negotiated()
h.pwrite(b"\1" * 65536, 1 << 20)
seen = []
def f(ctx, off, entries, err):
    seen.extend(entries)
h.block_status(4 << 20, 0, f)
# block 0 holds the 512 bytes written on the wire above
assert seen == [16384, 0, (1 << 20) - 16384, 3, 65536, 0, (3 << 20) - 65536, 3], seen
h.trim(16384, 1 << 20)
h.zero(16384, (1 << 20) + 16384)
assert h.pread(65536, 1 << 20) == b"\0" * 32768 + b"\1" * 32768
print("ok")')
assert_eq "$out" "ok"
rc io write site-a plain --offset 0 --length 1M --pattern 9 >/dev/null
d=$(rc io digest site-a plain)
nbdsh -u "$U" -c 'h.pwrite(h.pread(1 << 20, 0), 0); h.flush()'
assert_eq "$(rc io digest site-a plain)" "$d"

# 64 clients at once, each on its own range, all data where it belongs
nbdsh -c '
import nbd
hs = []
for i in range(64):
    x = nbd.NBD()
    x.connect_uri("'"$U"'")
    hs.append(x)
for i, x in enumerate(hs):
    x.pwrite(bytes([i + 1]) * 65536, (8 << 20) + i * 65536)
for i, x in enumerate(hs):
    assert x.pread(65536, (8 << 20) + ((i + 1) % 64) * 65536) == bytes([(i + 1) % 64 + 1]) * 65536
for x in hs:
    x.shutdown()
'

# a VLUN removed under a connected client: its next request fails EIO
rc cli site-a createvv -tpvv FC_r1 gone 16m >/dev/null
rc cli site-a createvlun gone 9 h1 >/dev/null
out=$(RC="$RCSIM" nbdsh -u "nbd://$HOST:$PORT/h1/9" -c '
import errno, os, subprocess
h.pwrite(b"a" * 4096, 0)
subprocess.run([os.environ["RC"], "--server", os.environ["RCSIM_URL"], "cli", "site-a",
                "removevlun", "-f", "gone", "9", "h1"], check=True, stdout=subprocess.DEVNULL)
try:
    h.pread(4096, 0)
    print("read")
except nbd.Error as e:
    print(e.errnum == errno.EIO and "EIO" or e)')
assert_eq "$out" "EIO"

# fail_wrt_on_err and the links down: EIO
rc_group g
rc cli site-a setrcopygroup pol fail_wrt_on_err g
rc cli site-a startrcopygroup g
advance_until_synced g
rc cli site-a createvlun g_v 1 h1 >/dev/null
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
out=$(nbdsh -u "nbd://$HOST:$PORT/h1/1" -c '
import errno
try:
    h.pwrite(b"z" * 4096, 0)
    print("written")
except nbd.Error as e:
    print(e.errnum == errno.EIO and "EIO" or e)')
assert_eq "$out" "EIO"
rc link up site-a site-b >/dev/null

# Peer Persistence: the standby side's path refuses I/O with EIO
rc_group pp pp_v
rc cli site-a setrcopygroup pol path_management pp
rc cli site-a startrcopygroup pp
advance_until_synced pp
rc cli site-b createhost -iscsi h1 iqn.2026-01.com.example:h1 >/dev/null
rc cli site-b createvlun pp_v 2 h1 >/dev/null
set -- $(nbd_addr site-b)
out=$(nbdsh -u "nbd://$1:$2/h1/2" -c '
import errno
try:
    h.pread(4096, 0)
    print("read")
except nbd.Error as e:
    print(e.errnum == errno.EIO and "EIO" or e)')
assert_eq "$out" "EIO"
