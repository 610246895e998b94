#!/bin/sh
# tests/bench/run.sh - foundation benchmarks as one table:
#   name | measured | goal | ok?
# Arguments: the bench programs built from tests/bench/*.c (each prints
# "ROW\tname\tmeasured\tgoal\tok" lines); RCSIM names the rcsim binary for
# the measures that need a running server (start-up, control API writes,
# resident memory). Not part of `make check`.
set -e
: "${RCSIM:=$(pwd)/build/rcsim}"
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rcsim-bench.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
rows="$tmp/rows"
: >"$rows"

ssh_bench=
for b in "$@"; do
    case $b in *ssh_latency) ssh_bench=$b; continue ;; esac
    "$b" | grep '^ROW' | cut -f2- >>"$rows"
    case $b in *bench_foundation) "$b" --make-db "$tmp/10k.db" ;; esac
done

# Free ports, as the e2e tests pick them.
ports=$($PY - <<'PYEOF'
import random, socket
def free(a, p):
    s = socket.socket()
    try:
        s.bind((a, p)); return True
    except OSError:
        return False
    finally:
        s.close()
for _ in range(500):
    off, ctl = random.randrange(1000, 25000), random.randrange(40000, 60000)
    if all(free(a, p + off) for a in ("127.0.0.1", "127.0.0.2")
           for p in (8008, 8080, 2222, 10809, 10810)) and free("127.0.0.1", ctl) \
           and free("127.0.0.1", 10811 + off):
        print(ctl, off); break
PYEOF
)
ctl=${ports% *}
off=${ports#* }
url="http://127.0.0.1:$ctl"

# Start-up to ready: spawn `rcsim serve` and poll /ready, which answers 200
# once every listener (control, WSAPI, SSH) is up (fresh database: the host
# keys and certificates are made too; best of 5).
$PY - "$RCSIM" "$ctl" "$off" "$tmp" >>"$rows" <<'PYEOF'
import http.client, os, subprocess, sys, time
rcsim, ctl, off, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
best = None
for i in range(5):
    db = os.path.join(tmp, "start%d.db" % i)
    t0 = time.monotonic()
    p = subprocess.Popen([rcsim, "serve", "--clock", "manual", "--db", db, "--control",
                          "127.0.0.1:%d" % ctl, "--port-offset", off, "--log-level", "warn"],
                         stdout=subprocess.DEVNULL)
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", ctl, timeout=1)
            c.request("GET", "/sim/v1/ready")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        time.sleep(0.001)
    ms = (time.monotonic() - t0) * 1000
    p.terminate(); p.wait()
    best = ms if best is None else min(best, ms)
print("start-up to ready\t%.1f ms (best of 5)\t< 50 ms\t%s" % (best, "ok" if best < 50 else "NO"))
PYEOF

# A server holding 10,000 volumes: pattern writes through the control API,
# showvv through the API, resident memory.
if [ -f "$tmp/10k.db" ]; then
    "$RCSIM" serve --clock manual --db "$tmp/10k.db" --control "127.0.0.1:$ctl" \
        --port-offset "$off" --log-level warn >/dev/null &
    pid=$!
    i=0
    until curl -sf -o /dev/null "$url/sim/v1/health"; do
        i=$((i + 1)); [ $i -lt 400 ] || { echo "bench: rcsim serve did not start" >&2; exit 1; }
        sleep 0.025
    done
    "$RCSIM" --server "$url" cli site-a createvv -tpvv FC_r1 apiwr 16g >/dev/null
    $PY - "$url" >>"$rows" <<'PYEOF'
import http.client, json, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
def post(path, body):
    c.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    r = c.getresponse(); data = r.read()
    if r.status != 200:
        raise SystemExit("bench: %s: %s" % (path, data))
total = 4 << 30
t0 = time.monotonic()
for off in range(0, total, 1 << 30):
    post("/sim/v1/arrays/site-a/volumes/apiwr/write", {"offset": off, "length": 1 << 30, "pattern": 7})
s = time.monotonic() - t0
g = (total >> 30) / s
print("pattern write (control API)\t%.2f GiB/s (4 GiB in %.0f ms)\t>= 1 GiB/s\t%s" % (g, s * 1000, "ok" if g >= 1 else "NO"))
best = None
for i in range(3):
    t0 = time.monotonic()
    post("/sim/v1/arrays/site-a/cli", {"command": "showvv"})
    ms = (time.monotonic() - t0) * 1000
    best = ms if best is None else min(best, ms)
print("showvv of 10,000 volumes (control API)\t%.0f ms\t< 100 ms\t%s" % (best, "ok" if best < 100 else "NO"))
PYEOF
    # SSH: 16 clients against the same server (site-a)
    [ -z "$ssh_bench" ] || "$ssh_bench" 127.0.0.1 $((2222 + off)) 16 50 showrcopy |
        grep '^ROW' | cut -f2- >>"$rows"
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
    ok=NO
    [ "$rss" -lt 30720 ] && ok=ok
    printf 'resident memory, 10,000 volumes\t%s MiB\t< 30 MB\t%s\n' \
        "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$ok" >>"$rows"
    kill "$pid"
    wait "$pid" || true
    pid=
fi

# A fleet of 16 arrays (a chain of targets, from the built-in fixture):
# start-up to ready on free ports (best of 5), and resident memory.
"$RCSIM" fixture | $PY -c '
import copy, json, sys
f = json.load(sys.stdin)
proto, arrays, targets = f["arrays"][0], [], []
for i in range(16):
    a = copy.deepcopy(proto)
    a["name"], a["id"] = "a%d" % i, 300 + i
    a["serial"], a["wwn"] = "4UW00003%02d" % i, "2FF70002AC0003%02X" % i
    a["wsapi"]["address"] = a["ssh"]["address"] = "127.0.0.1"
    for p in a["ports"]:
        if "wwn" in p: p["wwn"] = p["wwn"][:-2] + "%02X" % (0x40 + i)
        if "iqn" in p: p["iqn"] = p["iqn"][:-2] + "%02x" % (0x40 + i)
        if "ip" in p: p["ip"] = "10.%d.%d.%s" % (4 if p["mode"] == "rcip" else 5, i, p["ip"].split(".")[-1])
    arrays.append(a)
for i in range(15):
    for s, d in ((i, i + 1), (i + 1, i)):
        targets.append({"array": "a%d" % s, "name": "a%d" % d, "peer": "a%d" % d, "type": "IP",
                        "links": [{"local": "0:3:1", "address": "10.4.%d.11" % d},
                                  {"local": "1:3:1", "address": "10.4.%d.12" % d}]})
json.dump({"name": "fleet-16", "arrays": arrays, "targets": targets}, sys.stdout)' >"$tmp/fleet.json"
$PY - "$RCSIM" "$ctl" "$tmp" >>"$rows" <<'PYEOF'
import http.client, os, subprocess, sys, time
rcsim, ctl, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3]
best, rss = None, 0
for i in range(5):
    db = os.path.join(tmp, "fleet%d.db" % i)
    t0 = time.monotonic()
    p = subprocess.Popen([rcsim, "serve", "--clock", "manual", "--db", db, "--fixture",
                          os.path.join(tmp, "fleet.json"), "--free-ports", "--control",
                          "127.0.0.1:%d" % ctl, "--log-level", "warn"], stdout=subprocess.DEVNULL)
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", ctl, timeout=1)
            c.request("GET", "/sim/v1/ready")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        time.sleep(0.001)
    ms = (time.monotonic() - t0) * 1000
    with open("/proc/%d/status" % p.pid) as f:
        rss = max(rss, next(int(l.split()[1]) for l in f if l.startswith("VmRSS")))
    p.terminate(); p.wait()
    best = ms if best is None else min(best, ms)
print("fleet of 16 arrays: start-up to ready\t%.1f ms (best of 5)\t< 100 ms\t%s"
      % (best, "ok" if best < 100 else "NO"))
print("fleet of 16 arrays: resident memory\t%.1f MiB\t< 40 MB\t%s"
      % (rss / 1024, "ok" if rss < 40 * 1000 else "NO"))
PYEOF

# The host data path against nbdkit memory (tests/bench/nbd.sh).
sh "$(dirname "$0")/nbd.sh" "$RCSIM" "$ctl" "$off" "$tmp" >>"$rows"

awk -F '\t' '
    { n++; name[n] = $1; m[n] = $2; g[n] = $3; ok[n] = $4
      if (length($1) > w1) w1 = length($1); if (length($2) > w2) w2 = length($2)
      if (length($3) > w3) w3 = length($3) }
    END {
      if (w1 < 4) w1 = 4; if (w2 < 8) w2 = 8; if (w3 < 4) w3 = 4
      printf "%-" w1 "s | %-" w2 "s | %-" w3 "s | ok?\n", "name", "measured", "goal"
      for (i = 1; i <= n; i++)
          printf "%-" w1 "s | %-" w2 "s | %-" w3 "s | %s\n", name[i], m[i], g[i], ok[i]
    }' "$rows"
