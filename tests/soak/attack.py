#!/usr/bin/env python3
"""tests/soak/attack.py - hostile clients against a running rcsim, for the
figures in docs/behaviour.md "Security" (run by hand, not in make check;
raise `ulimit -n` for large floods). Each mode prints one block of
figures and exits 0, or 1 when the server failed the check it states.

  idle-flood PORT N [--tls] [--half] [--sources K] [--seconds S]
      holds N connections to PORT from K loopback addresses (127.0.1.x,
      ...), idle (or with half a request / half a TLS handshake),
      reopening each the server closes, while a prober from 127.0.0.1
      times GET /sim/v1/health and a WSAPI GET every 20 ms.
      Check: health p99 < 100 ms and no failed probe.
  preauth-flood PORT N [--sources K] [--seconds S] [--kex]
      holds N SSH connections that never log in (silent ones; with --kex
      ones that finish the key exchange first, one thread each),
      reopening those the server closes, while a real client logs in and
      runs showsys over and over. Check: every real login succeeds.
  lockout-churn WSAPI_PORT [--junk N] [--rounds R]
      per round: 4 wrong passwords for 3paradm, then N failures on junk
      names, then one more wrong password for 3paradm, which must lock
      it: the right password is then refused (403, "too many failed
      attempts"). Check: locked every round. Run the server with
      --login-source-failures 0 to see the name limit alone.
  output-flood SSH_PORT PID [--count N]
      as browse, sends "help" N times on one shell channel and never
      reads; samples the server's resident memory. Check: growth < 32 MB.
  big-writes CTL_PORT PID [--writers W]
      W clients at once each write 64 MiB with base64 `data`; samples
      the server's resident memory. Check: every write succeeds.

Common options: --ctl PORT (control API, default 8090), --wsapi PORT
(default 8008), --token T (control API token, default $RCSIM_TOKEN).
"""
import argparse
import base64
import errno
import json
import logging
import os
import selectors
import socket
import sys
import threading
import time
import urllib.error
import urllib.request


def fail(msg):
    print("FAIL: %s" % msg)
    sys.exit(1)


def source(i, k):
    """The i-th of k loopback source addresses (never 127.0.0.1)."""
    j = i % k
    return "127.%d.%d.%d" % (1 + j // 62500, (j // 250) % 250, 1 + j % 250)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100.0))] if xs else float("nan")


# --- the prober ------------------------------------------------------------

def probe_loop(urls, token, stop, out):
    """GETs each URL every 20 ms on a new connection until stop is set;
    puts {url: latencies}, {url: failures}, {error: count} on out. Runs in
    a process of its own, so that the flood's work never delays it."""
    lat = {u: [] for u in urls}
    failed = {u: 0 for u in urls}
    errors = {}
    while not stop.is_set():
        for u in urls:
            req = urllib.request.Request(u)
            if token and "/sim/v1" in u:
                req.add_header("Authorization", "Bearer " + token)
            t0 = time.monotonic()
            try:
                urllib.request.urlopen(req, timeout=5).read()
                ok = True
            except urllib.error.HTTPError:
                ok = True           # an answer (401 without a session)
            except Exception as e:  # noqa: BLE001 - refused, reset, timeout
                ok = False
                errors[repr(e)[:80]] = errors.get(repr(e)[:80], 0) + 1
            if ok:
                lat[u].append((time.monotonic() - t0) * 1000)
            else:
                failed[u] += 1
        time.sleep(0.02)
    out.put((lat, failed, errors))


class Prober:
    """probe_loop in its own process."""

    def __init__(self, urls, token=None):
        import multiprocessing
        self.urls = urls
        self.stop_ev = multiprocessing.Event()
        self.out = multiprocessing.Queue()
        self.proc = multiprocessing.Process(target=probe_loop,
                                            args=(urls, token, self.stop_ev, self.out))

    def start(self):
        self.proc.start()

    def finish(self):
        self.stop_ev.set()
        self.lat, self.failed, self.errors = self.out.get()
        self.proc.join()

    def report(self):
        worst = 0.0
        for u in self.urls:
            lat = self.lat[u]
            p99 = percentile(lat, 99)
            worst = max(worst, p99 if lat else float("inf"))
            print("  probe %-45s n=%-5d p50=%6.1f ms p99=%6.1f ms max=%7.1f ms failed=%d"
                  % (u, len(lat), percentile(lat, 50), p99, max(lat) if lat else 0,
                     self.failed[u]))
        for e, n in self.errors.items():
            print("  probe failures: %d x %s" % (n, e))
        return worst, sum(self.failed.values())


# --- idle floods ---------------------------------------------------------------

TLS_HALF = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"   # a ClientHello's start
HTTP_HALF = b"GET /api/v1/system HTTP/1.1\r\nHost: x\r\nX-Slow: "


class Flood:
    """Holds n connections to port; reopens what the server closes."""

    def __init__(self, port, n, k, payload):
        self.port, self.n, self.k, self.payload = port, n, k, payload
        self.sel = selectors.DefaultSelector()
        self.opened = self.closed_by_server = self.refused = 0
        self.next = 0

    def open_one(self):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.bind((source(self.next, self.k), 0))
            self.next += 1
            s.connect_ex(("127.0.0.1", self.port))
        except OSError as e:
            s.close()
            if e.errno in (errno.EMFILE, errno.ENFILE):
                return False
            self.refused += 1
            return True
        self.sel.register(s, selectors.EVENT_WRITE, "connecting")
        return True

    def fill(self):
        while len(self.sel.get_map()) < self.n:
            if not self.open_one():
                break

    def step(self, timeout):
        for key, ev in self.sel.select(timeout):
            s = key.fileobj
            if key.data == "connecting":
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    self.refused += 1
                    self.sel.unregister(s)
                    s.close()
                    continue
                self.opened += 1
                if self.payload:
                    try:
                        s.send(self.payload)
                    except OSError:
                        pass
                self.sel.modify(s, selectors.EVENT_READ, "open")
            else:
                try:
                    data = s.recv(4096)
                except OSError:
                    data = b""
                if data:
                    continue            # an SSH banner, say: keep holding
                self.closed_by_server += 1
                self.sel.unregister(s)
                s.close()
        self.fill()

    def held(self):
        return sum(1 for k in self.sel.get_map().values() if k.data == "open")


def idle_flood(a):
    payload = (TLS_HALF if a.tls else HTTP_HALF) if a.half else b""
    flood = Flood(a.port, a.n, a.sources, payload)
    urls = ["http://127.0.0.1:%d/sim/v1/health" % a.ctl,
            "http://127.0.0.1:%d/api/v1/system" % a.wsapi]
    prober = Prober(urls, a.token)
    flood.fill()
    prober.start()
    t0 = time.monotonic()
    held_max = 0
    while time.monotonic() - t0 < a.seconds:
        flood.step(0.05)
        held_max = max(held_max, flood.held())
    prober.finish()
    print("idle-flood port %d: %d connections%s%s from %d addresses, %d s"
          % (a.port, a.n, " (TLS)" if a.tls else "", " with half a request" if a.half else "",
             a.sources, a.seconds))
    print("  connections made %d, closed by the server %d, refused %d, held at most %d"
          % (flood.opened, flood.closed_by_server, flood.refused, held_max))
    worst, failed = prober.report()
    if worst >= 100 or failed:
        fail("health p99 %.1f ms, %d failed probes" % (worst, failed))
    print("ok")


# --- SSH pre-authentication flood -------------------------------------------------

LOGIN_ERRORS = {}


def real_login(port):
    import paramiko
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    t0 = time.monotonic()
    try:
        c.connect("127.0.0.1", port=port, username="3paradm", password="3pardata",
                  allow_agent=False, look_for_keys=False, timeout=10, banner_timeout=10,
                  auth_timeout=10)
        _, out, _ = c.exec_command("showsys", timeout=10)
        ok = b"site" in out.read()
    except Exception as e:  # noqa: BLE001 - counted as a failure
        ok = False
        LOGIN_ERRORS[repr(e)[:70]] = LOGIN_ERRORS.get(repr(e)[:70], 0) + 1
    finally:
        c.close()
    return ok, (time.monotonic() - t0) * 1000


class KexFlood:
    """Holds n SSH connections that finish the key exchange and then sit,
    one thread each; reopens what the server closes."""

    def __init__(self, port, n, k):
        self.port, self.n, self.k = port, n, k
        self.opened = self.closed_by_server = self.refused = 0
        self.live = 0
        self.done = False
        self.lock = threading.Lock()

    def worker(self, i):
        import paramiko
        while not self.done:
            try:
                s = socket.socket()
                s.bind((source(i, self.k), 0))
                s.settimeout(10)
                s.connect(("127.0.0.1", self.port))
                t = paramiko.Transport(s)
                t.start_client(timeout=10)
            except Exception:   # noqa: BLE001 - refused or dropped
                with self.lock:
                    self.refused += 1
                time.sleep(0.1)
                continue
            with self.lock:
                self.opened += 1
                self.live += 1
            while t.is_active() and not self.done:
                time.sleep(0.1)
            with self.lock:
                self.live -= 1
                self.closed_by_server += not self.done
            t.close()

    def start(self):
        for i in range(self.n):
            threading.Thread(target=self.worker, args=(i,), daemon=True).start()

    def step(self, timeout):
        time.sleep(timeout)

    def held(self):
        return self.live


def preauth_flood(a):
    if a.kex:
        flood = KexFlood(a.port, a.n, a.sources)
        flood.start()
    else:
        flood = Flood(a.port, a.n, a.sources, b"")
        flood.fill()
    results = []

    def logins():
        while not done[0]:
            results.append(real_login(a.port))

    done = [False]
    t = threading.Thread(target=logins, daemon=True)
    t0 = time.monotonic()
    started = False
    held_max = 0
    while time.monotonic() - t0 < a.seconds:
        flood.step(0.05)
        held_max = max(held_max, flood.held())
        if not started and time.monotonic() - t0 > (10 if a.kex else 1):
            t.start()           # once the flood has filled what it can
            started = True
    done[0] = True
    t.join(30)
    if a.kex:
        flood.done = True
    ok = [ms for good, ms in results if good]
    print("preauth-flood port %d: %d connections%s from %d addresses, %d s"
          % (a.port, a.n, " past the key exchange" if a.kex else "", a.sources, a.seconds))
    print("  connections made %d, closed by the server %d, refused %d, held at most %d"
          % (flood.opened, flood.closed_by_server, flood.refused, held_max))
    print("  real logins: %d of %d succeeded, p50 %.0f ms, max %.0f ms"
          % (len(ok), len(results), percentile(ok, 50), max(ok) if ok else 0))
    for e, n in LOGIN_ERRORS.items():
        print("  failed logins: %d x %s" % (n, e))
    if not results or len(ok) != len(results):
        fail("a real login failed")
    print("ok")


# --- lockout under name churn ----------------------------------------------------

def login(port, user, password):
    req = urllib.request.Request("http://127.0.0.1:%d/api/v1/credentials" % port,
                                 data=json.dumps({"user": user, "password": password}).encode(),
                                 method="POST")
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def lockout_churn(a):
    locked_rounds = 0
    t0 = time.monotonic()
    for r in range(a.rounds):
        for i in range(4):
            login(a.port, "3paradm", "guess%d" % i)
        for i in range(a.junk):
            login(a.port, "junk%d-%d" % (r, i), "x")
        st, body = login(a.port, "3paradm", "guess-last")
        st2, body2 = login(a.port, "3paradm", "3pardata")
        locked = st2 == 403 and "too many" in body2.get("desc", "")
        print("  round %d: 5th wrong password -> %s; then the right one -> %s %r"
              % (r + 1, st, st2, body2.get("desc", "(logged in)")))
        locked_rounds += locked
        time.sleep(a.wait)      # let the lock run out before the next round
    print("lockout-churn: %d rounds of 4 guesses + %d junk names + 1 guess in %.1f s: "
          "locked in %d of %d rounds" % (a.rounds, a.junk, time.monotonic() - t0,
                                         locked_rounds, a.rounds))
    if locked_rounds != a.rounds:
        fail("the lockout did not hold")
    print("ok")


# --- SSH output flood ---------------------------------------------------------------

def output_flood(a):
    import paramiko
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=a.port, username="browse", password="browse",
              allow_agent=False, look_for_keys=False, timeout=10)
    chan = c.get_transport().open_session()
    chan.invoke_shell()
    base = rss_kb(a.pid)
    peak = base
    sent = [0]

    def send():
        try:
            for _ in range(a.count):
                chan.sendall(b"help\n")
                sent[0] += 1
        except Exception:   # noqa: BLE001 - the server may cut us off
            pass

    t = threading.Thread(target=send, daemon=True)
    t.start()
    t0 = time.monotonic()
    last, since = -1, time.monotonic()
    while t.is_alive() and time.monotonic() - t0 < a.seconds:
        peak = max(peak, rss_kb(a.pid))
        if sent[0] != last:
            last, since = sent[0], time.monotonic()
        elif time.monotonic() - since > 3:
            break               # the server stopped taking commands
        time.sleep(0.05)
    for _ in range(20):
        peak = max(peak, rss_kb(a.pid))
        time.sleep(0.05)
    print("output-flood: %d of %d 'help' lines taken without reading; server RSS %d -> "
          "peak %d KB (+%d KB)" % (sent[0], a.count, base, peak, peak - base))
    c.close()
    if peak - base > 32 * 1024:
        fail("resident memory grew by %d KB" % (peak - base))
    print("ok")


# --- large control-API writes ---------------------------------------------------------

def ctl(a, method, path, body=None, timeout=600):
    req = urllib.request.Request("http://127.0.0.1:%d/sim/v1%s" % (a.port, path),
                                 data=body, method=method)
    req.add_header("Content-Type", "application/json")
    if a.token:
        req.add_header("Authorization", "Bearer " + a.token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def big_writes(a):
    ctl(a, "POST", "/arrays/site-a/cli",
        json.dumps({"command": "createvv -tpvv FC_r1 big%d 2g" % os.getpid()}).encode())
    data = base64.b64encode(os.urandom(64 << 20))
    body = b'{"offset": 0, "data": "' + data + b'"}'
    base = rss_kb(a.pid)
    peak = [base]
    status = []

    def write():
        status.append(ctl(a, "POST", "/arrays/site-a/volumes/big%d/write" % os.getpid(),
                          body)[0])

    ts = [threading.Thread(target=write) for _ in range(a.writers)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    while any(t.is_alive() for t in ts):
        peak[0] = max(peak[0], rss_kb(a.pid))
        time.sleep(0.02)
    print("big-writes: %d writers x 64 MiB (%d byte bodies) in %.1f s: statuses %s; server "
          "RSS %d -> peak %d KB (+%d KB)" % (a.writers, len(body), time.monotonic() - t0,
                                             status, base, peak[0], peak[0] - base))
    if status != [200] * a.writers:
        fail("a write failed")
    print("ok")


def main():
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode")
    p.add_argument("port", type=int)
    p.add_argument("rest", nargs="*")
    p.add_argument("--tls", action="store_true")
    p.add_argument("--half", action="store_true")
    p.add_argument("--kex", action="store_true")
    p.add_argument("--sources", type=int, default=1)
    p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--junk", type=int, default=1030)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--wait", type=float, default=11)
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--writers", type=int, default=4)
    p.add_argument("--ctl", type=int, default=8090)
    p.add_argument("--wsapi", type=int, default=8008)
    p.add_argument("--token", default=os.environ.get("RCSIM_TOKEN"))
    a = p.parse_args()
    if a.mode in ("idle-flood", "preauth-flood"):
        a.n = int(a.rest[0])
    elif a.mode in ("output-flood", "big-writes"):
        a.pid = int(a.rest[0])
    {"idle-flood": idle_flood, "preauth-flood": preauth_flood, "lockout-churn": lockout_churn,
     "output-flood": output_flood, "big-writes": big_writes}[a.mode](a)


main()
