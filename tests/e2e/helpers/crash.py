#!/usr/bin/python3
"""tests/e2e/helpers/crash.py - kill -9 rcsim at random points of a scripted
remote-copy scenario (with a checkpoint save and load) and check what survives (docs/design.md §3.6: a process
killed at any point restarts on the state of its last commit).

Usage: crash.py --rcsim BIN --db PRISTINE --dir DIR --control PORT
                --port-offset N [--points N] [--seed S]

PRISTINE is the database of a freshly started (then stopped) server: every
run starts from a copy of it, so every run replays the same manual clock and
the same ids, and a state can be compared with the reference run's byte for
byte. The reference run takes a fingerprint after each step. Each kill point
then:
  1. copies PRISTINE, starts `rcsim serve --clock manual` on it and runs the
     steps up to step k;
  2. kills the server with SIGKILL, either after step k answered ("between")
     or from a timer a random few ms after step k was sent ("during");
  3. restarts the server on the same database, takes the fingerprint, and
     requires it to be that of step k (step k answered, or it was in flight
     and committed) or of step k-1 (it was in flight and did not commit);
  4. finishes the scenario from there and requires the reference run's final
     fingerprint, in which both sides hold equal digests.
Every state, the reference run's after each step and each restart's, must
also keep one point in time per group (docs/behaviour.md §Remote copy):
unless a transfer is under way, the volumes of a group's destination side
hold together the data its source held after one same step.
Prints the seed, one line per kill point, and "N of M kill points held".
Exit status 0 when all held. RCSIM_WRAPPER (e.g. valgrind) prefixes the
server command and RCSIM_TIMEOUT_SCALE stretches the waits, as in lib.sh."""
import argparse
import base64
import http.client
import json
import os
import random
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

A, B = "site-a", "site-b"
CPGS = "-usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 site-b:FC_r5"


def cli(array, command):
    return ("POST", "/arrays/%s/cli" % array, {"command": command})


def write(array, vv, off, length, seed):
    return ("POST", "/arrays/%s/volumes/%s/write" % (array, vv),
            {"offset": off, "length": length, "pattern": seed})


def link(**kw):
    return ("POST", "/links/%s/%s" % (A, B), kw)


def advance(by):
    return ("POST", "/clock/advance", {"by": by})


def save(name):
    """A save that may overwrite one of the same name (the crash test
    kills the server between the new file and the old one's removal)."""
    return ("POST", "/checkpoints/%s" % name, {"replace": True})


def load(name):
    return ("POST", "/checkpoints/%s/load" % name, None)


def write_data(array, vv, off, length, seed):
    """Bytes that are not a pattern: stored as they are, not as a seed."""
    data = random.Random(seed).getrandbits(8 * length).to_bytes(length, "little")
    return ("POST", "/arrays/%s/volumes/%s/write" % (array, vv),
            {"offset": off, "data": base64.b64encode(data).decode()})


# The scenario: one control call per step. Some steps are made heavy (a few
# thousand blocks written or sent) so that a kill often lands inside their
# transaction. The link runs at 32 MB/s: the initial sync and the resyncs
# span several clock advances, and a kill lands in the middle of them.
SCENARIO = [
    cli(A, "createvv -tpvv -snp_cpg FC_r5 FC_r1 v1 1g"),
    cli(A, "createvv -tpvv -snp_cpg FC_r5 FC_r1 v2 1g"),
    write(A, "v1", 0, "48M", 1),
    write_data(A, "v2", 0, 256 << 10, 2),
    # a checkpoint, data the load then takes back, and the load
    save("c1"),
    write_data(A, "v2", 0, 512 << 10, 10),
    load("c1"),
    cli(A, "creatercopygroup %s g site-b:sync" % CPGS),
    cli(A, "admitrcopyvv -createvv v1 g site-b:v1"),
    cli(A, "admitrcopyvv -createvv v2 g site-b:v2"),
    link(bandwidth_mbs=32),
    cli(A, "startrcopygroup g"),
    advance("500ms"),
    advance("1s"),
    advance("10s"),
    write(A, "v1", "16M", "4M", 3),
    link(up=False),
    advance("30s"),
    write(A, "v1", "32M", "32M", 4),
    write_data(A, "v2", "1M", 128 << 10, 5),
    cli(A, "createsv -ro v1.keep v1"),
    link(up=True),
    advance("30s"),
    cli(A, "startrcopygroup g"),
    advance("500ms"),
    advance("1s"),
    advance("10s"),
    cli(A, "stoprcopygroup -f g"),
    cli(B, "setrcopygroup failover -f g.r101"),
    write(B, "v1", "48M", "16M", 6),
    write(B, "v2", "2M", "1M", 7),
    cli(B, "setrcopygroup recover -f g.r101"),
    advance("200ms"),
    advance("10s"),
    cli(B, "setrcopygroup restore -f g.r101"),
    advance("1s"),
    advance("10s"),
    save("c2"),
    load("c2"),
    write(A, "v2", "8M", "1M", 8),
    link(up=False),
    advance("30s"),
    write(A, "v1", "64M", "16M", 9),
    link(up=True),
    advance("30s"),
    cli(A, "startrcopygroup g"),
    advance("200ms"),
    advance("10s"),
    # a resync cut by the links, then a failover: the DR side must come up
    # at one point in time (the one before the resync), not v1 new and v2
    # half-sent (v2 first: no point of A's history has v1 new and v2 old)
    cli(A, "stoprcopygroup -f g"),
    write(A, "v2", "16M", "16M", 11),
    write(A, "v1", "80M", "256K", 10),
    cli(A, "startrcopygroup g"),
    advance("200ms"),
    link(up=False),
    advance("30s"),
    cli(B, "setrcopygroup failover -f g.r101"),
    link(up=True),
    advance("1s"),
    cli(B, "setrcopygroup recover -f g.r101"),
    advance("10s"),
    cli(B, "setrcopygroup restore -f g.r101"),
    advance("10s"),
]


class Refused(Exception):
    pass


class Server:
    def __init__(self, o, db):
        self.o = o
        self.db = db
        self.proc = None
        self.conn = None

    def start(self):
        cmd = shlex.split(os.environ.get("RCSIM_WRAPPER", "")) + [
            self.o.rcsim, "serve", "--clock", "manual", "--db", self.db,
            "--control", "127.0.0.1:%d" % self.o.control,
            "--port-offset", str(self.o.port_offset), "--log-level", "warn"]
        log = open(os.path.join(self.o.dir, "serve.log"), "ab")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        deadline = time.monotonic() + self.o.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("crash: rcsim serve exited with status %d (see %s)"
                                 % (self.proc.returncode, log.name))
            try:
                if self.call("GET", "/ready", timeout=2)[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.02)
        raise SystemExit("crash: rcsim serve not ready within %d s" % self.o.start_timeout)

    def kill(self):
        """SIGKILL; may run on a timer thread while a call is in flight,
        so the connection is left to the main thread (it fails)."""
        try:
            os.kill(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        if self.proc.wait() != 0:
            raise SystemExit("crash: rcsim serve exited with status %d on SIGTERM"
                             % self.proc.returncode)
        self.close_conn()

    def close_conn(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def call(self, method, path, body=None, timeout=None):
        """One control call: (status, parsed JSON). Raises OSError when the
        server goes away."""
        if not self.conn:
            self.conn = http.client.HTTPConnection(
                "127.0.0.1", self.o.control, timeout=timeout or self.o.call_timeout)
        data = json.dumps(body).encode() if body is not None else None
        hdr = {"Content-Type": "application/json"} if data else {}
        try:
            self.conn.request(method, "/sim/v1" + path, body=data, headers=hdr)
            r = self.conn.getresponse()
            raw = r.read()
        except (OSError, http.client.HTTPException):
            self.close_conn()
            raise
        return r.status, (json.loads(raw) if raw else None)

    def ok(self, method, path, body=None):
        st, js = self.call(method, path, body)
        if st // 100 != 2:
            raise Refused("%s %s: %d %s" % (method, path, st, js))
        return js

    def step(self, i):
        method, path, body = SCENARIO[i]
        js = self.ok(method, path, body)
        if path.endswith("/cli") and js.get("status") != 0:
            raise Refused("step %d (%s): %s" % (i, body["command"], js))
        return js

    def cli_out(self, array, command):
        js = self.ok(*cli(array, command))
        if js.get("status") != 0:
            raise Refused("%s: %s" % (command, js))
        return js["output"]

    def fingerprint(self):
        """Everything a client can observe: status (minus the event counters),
        showrcopy and showvv on both sides, tasks, the event log (without the
        clock event each start writes) and the digest of every volume and
        snapshot on both sides."""
        st = self.ok("GET", "/status")
        st.pop("events", None)
        st.pop("database", None)    # free pages depend on the way there
        fp = {"status": st}
        for a in (A, B):
            fp[a + " showrcopy"] = self.cli_out(a, "showrcopy")
            fp[a + " showvv"] = self.cli_out(a, "showvv")
            fp[a + " tasks"] = self.ok("GET", "/arrays/%s/tasks" % a)
            digests = {}
            for line in self.cli_out(a, "showvv -showcols Name").splitlines()[1:]:
                name = line.strip()
                if not name or name.startswith("-"):
                    break
                digests[name] = self.ok("GET", "/arrays/%s/volumes/%s/digest"
                                        % (a, name))["digest"]
            fp[a + " digests"] = digests
        ev = self.ok("GET", "/events?limit=10000")["events"]
        fp["events"] = [(e["time_ms"], e["array"], e["kind"], e["object"], e["detail"])
                        for e in ev
                        if not (e["kind"] == "clock_changed" and "mode changed" in e["detail"])]
        return fp


def in_transfer(fp, array, name):
    """Whether group name on array has a transfer under way or cut half
    way (its destination is then inconsistent by design), or never synced."""
    for rcopy, a in zip(fp["status"]["remote_copy"], (A, B)):
        for g in rcopy["groups"] if a == array else ():
            for p in g["pairs"] if g["name"] == name else ():
                if p["status"] in ("New", "Syncing", "NotSynced") or \
                        p["blocks_sent"] < p["blocks_total"]:
                    return True
    return False


def one_point(fp, fps, upto):
    """'' when fp keeps one point in time per group: a destination group's
    volumes hold, all together, what the source side held after one of the
    steps 0..upto of the reference run (unless a transfer is under way);
    and a group just failed over (the last step) holds one point of the old
    source's history. Else what is wrong."""
    arrays = [A, B]
    failover = upto > 0 and "failover" in (SCENARIO[upto - 1][2] or {}).get("command", "")
    for i, rcopy in enumerate(fp["status"]["remote_copy"]):
        here, peer = arrays[i], arrays[1 - i]
        for g in rcopy["groups"]:
            took_over = failover and g["role"] == "Primary-Rev"
            if not g["pairs"] or not (took_over or g["role"] in ("Secondary", "Secondary-Rev")):
                continue
            if not took_over and (in_transfer(fp, here, g["name"]) or
                                  in_transfer(fp, peer, g["peer_group"])):
                continue
            mine = tuple(fp[here + " digests"].get(p["local_vv"]) for p in g["pairs"])
            points = {tuple(f[peer + " digests"].get(p["remote_vv"]) for p in g["pairs"])
                      for f in fps[:upto + 1]}
            if mine not in points:
                return "%s group %s (%s/%s) holds no single point of %s's history" % (
                    here, g["name"], g["role"], g["status"], peer)
    return ""


def diff(fa, fb):
    """The first few keys where two fingerprints differ, for the report."""
    out = []
    for k in fa:
        if fa[k] != fb.get(k):
            out.append(k)
    return ", ".join(out[:4])


def reference(o):
    db = os.path.join(o.dir, "ref.db")
    fresh_db(o, db)
    s = Server(o, db)
    s.start()
    fps, took = [s.fingerprint()], []
    for i in range(len(SCENARIO)):
        t0 = time.monotonic()
        s.step(i)
        took.append(time.monotonic() - t0)
        fps.append(s.fingerprint())
        bad = one_point(fps[-1], fps, i + 1)
        if bad:
            raise SystemExit("crash: reference run, step %d: %s" % (i, bad))
    s.stop()
    final = fps[-1]
    for a in ("v1", "v2"):
        da, db_ = final[A + " digests"].get(a), final[B + " digests"].get(a)
        if not da or da != db_:
            raise SystemExit("crash: reference run: %s differs: %s != %s" % (a, da, db_))
    for g in final["status"]["remote_copy"][0]["groups"]:
        if g["status"] != "Started" or any(p["status"] != "Synced" for p in g["pairs"]):
            raise SystemExit("crash: reference run does not end synced: %s" % g)
    return fps, took


def fresh_db(o, db):
    for sfx in ("", "-wal", "-shm"):
        if os.path.exists(db + sfx):
            os.unlink(db + sfx)
    shutil.rmtree(db + ".checkpoints", ignore_errors=True)
    shutil.copyfile(o.pristine, db)


def kill_point(o, fps, took, rng):
    """One kill point: returns (held, kind, description)."""
    k = rng.randrange(len(SCENARIO))
    during = rng.random() < 0.6
    db = os.path.join(o.dir, "kill.db")
    fresh_db(o, db)
    s = Server(o, db)
    s.start()
    for i in range(k):
        s.step(i)
    acked = False
    if during:
        # a delay within the step's own duration (as the reference run
        # timed it, client side), or a little past it: the kill lands
        # before the step, inside its transaction, or after it
        delay = took[k] * rng.uniform(0, 1.2)
        timer = threading.Timer(delay, s.kill)
        timer.start()
        try:
            s.step(k)
            acked = True
        except (OSError, http.client.HTTPException):
            pass
        timer.join()
        s.close_conn()
        what = "during step %2d (+%5.1f ms, %s)" % (
            k, delay * 1000, "answered first" if acked else "in flight")
    else:
        s.step(k)
        acked = True
        s.kill()
        s.close_conn()
        what = "after  step %2d" % k
    s.start()
    fp = s.fingerprint()
    if fp == fps[k + 1]:
        resume, state = k + 1, "committed"
    elif fp == fps[k] and not acked:
        resume, state = k, "rolled back"
    else:
        s.stop()
        if acked and fp == fps[k]:
            return False, "lost", "%s: answered, but lost at the restart" % what
        want = "step %d" % k if acked else "step %d or the one before" % k
        return False, "wrong", "%s: the state is not that of %s (differs in: %s)" % (
            what, want, diff(fp, fps[k + 1]))
    bad = one_point(fp, fps, resume)
    if bad:
        s.stop()
        return False, "two points", "%s (%s): %s" % (what, state, bad)
    kind = ("between steps" if not during else
            "during a step, answered before the kill" if acked else
            "in flight, " + state)
    # finish the scenario: the same end as the reference, equal digests
    for i in range(resume, len(SCENARIO)):
        s.step(i)
    fp = s.fingerprint()
    s.stop()
    if fp != fps[-1]:
        return False, "wrong end", "%s (%s): the finished run differs from the reference " \
            "in: %s" % (what, state, diff(fp, fps[-1]))
    return True, kind, "%s: %s, finished equal" % (what, state)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rcsim", required=True)
    ap.add_argument("--db", required=True, help="the pristine database")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--control", type=int, required=True)
    ap.add_argument("--port-offset", type=int, required=True)
    ap.add_argument("--points", type=int, default=50)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--start-timeout", type=int, default=20)
    ap.add_argument("--call-timeout", type=int, default=30)
    o = ap.parse_args()
    scale = int(os.environ.get("RCSIM_TIMEOUT_SCALE", "1"))
    o.start_timeout *= scale
    o.call_timeout *= scale
    seed = o.seed if o.seed is not None else random.randrange(1 << 31)
    print("crash: seed %d (CRASH_SEED=%d reproduces), %d steps, %d kill points"
          % (seed, seed, len(SCENARIO), o.points), flush=True)
    t0 = time.monotonic()
    # the pristine state, whole even if the server left a WAL behind
    o.pristine = os.path.join(o.dir, "pristine.db")
    src, dst = sqlite3.connect(o.db), sqlite3.connect(o.pristine)
    src.backup(dst)
    src.close()
    dst.close()
    fps, took = reference(o)
    print("crash: reference run: %d fingerprints in %.1f s"
          % (len(fps), time.monotonic() - t0), flush=True)
    if os.environ.get("CRASH_VERBOSE"):
        for i, t in enumerate(took):
            print("  step %2d %6.1f ms %s" % (i, t * 1000, str(SCENARIO[i][1:])[:100]))
    rng = random.Random(seed)
    held, kinds = 0, {}
    for n in range(o.points):
        ok, kind, desc = kill_point(o, fps, took, rng)
        held += ok
        kinds[kind] = kinds.get(kind, 0) + 1
        print("%s kill %2d %s" % ("ok  " if ok else "FAIL", n, desc), flush=True)
    print("crash: kill points: %s" % ", ".join(
        "%d %s" % (v, k) for k, v in sorted(kinds.items())))
    print("crash: %d of %d kill points held (seed %d, %.1f s)"
          % (held, o.points, seed, time.monotonic() - t0), flush=True)
    return 0 if held == o.points else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Refused as e:
        sys.exit("crash: refused: %s" % e)
