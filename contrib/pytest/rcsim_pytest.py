"""rcsim_pytest - a pytest plugin that runs rcsim for the tests that need it.

Standard library only. Put this directory on the module path and enable the
plugin, on the command line or in a conftest.py:

    PYTHONPATH=contrib/pytest pytest -p rcsim_pytest tests/
    # or, in conftest.py:  pytest_plugins = ["rcsim_pytest"]

Fixtures:

    rcsim_server  (session)  one `rcsim serve` for the whole session: free
                  ports, every array on 127.0.0.1, a database in a temporary
                  directory, the manual clock; ready before the first test
                  uses it, stopped (SIGTERM) after the last.
    rcsim         (function) the same server, reset to its fixture before
                  the test: every test starts from the same state.

Both are an RcsimServer: the addresses of each array to hand to the code
under test (server.arrays["site-a"].wsapi_url, .wsapi_https_url, .ssh_host,
.ssh_port), and helpers for the control API: cli(), link_down(), link_up(),
link_set(), array_down(), array_up(), array_reboot(), advance(), clock(),
io_write(), io_read(), digest(), events(), groups(), status(),
checkpoint_save(), checkpoint_load(), schedule() (timed faults).

Options: --rcsim PATH (default: $RCSIM, else `rcsim` on PATH),
--rcsim-arg ARG (one more argument for rcsim serve; repeat it),
--rcsim-clock manual|real (default manual).
"""

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

READY_TIMEOUT_S = 30


class RcsimError(Exception):
    """A refusal of the control API: .status (HTTP), .code (the engine's
    refusal, e.g. "no_such_volume"), .message."""

    def __init__(self, status, code, message):
        super().__init__("%s (%s, HTTP %s)" % (message, code, status))
        self.status = status
        self.code = code
        self.message = message


class Array:
    """Where one simulated array listens."""

    def __init__(self, entry):
        self.name = entry["name"]
        self.id = entry["id"]
        wsapi = entry["wsapi"]
        self.wsapi_address = wsapi["address"]
        self.wsapi_url = wsapi.get("url")              # http://127.0.0.1:port/api/v1
        self.wsapi_https_url = wsapi.get("https_url")  # https://...
        self.ssh_host = entry["ssh"]["address"]
        self.ssh_port = entry["ssh"]["port"]

    def __repr__(self):
        return "<Array %s wsapi=%s ssh=%s:%s>" % (self.name, self.wsapi_url, self.ssh_host,
                                                  self.ssh_port)


class CliResult:
    """What an array command printed: .status (0 ok, 1 refused, 2 usage),
    .output, .error, .prompt (a question left unanswered)."""

    def __init__(self, reply):
        self.status = reply.get("status", 0)
        self.output = reply.get("output", "")
        self.error = reply.get("error", "")
        self.prompt = reply.get("prompt")

    def __repr__(self):
        return "<CliResult %d %r %r>" % (self.status, self.output[:60], self.error[:60])


def _quote(s):
    return urllib.parse.quote(s, safe="")


class RcsimServer:
    """A running `rcsim serve` and the calls of its control API."""

    def __init__(self, binary, workdir, clock="manual", extra_args=()):
        self.binary = binary
        self.workdir = workdir
        self.ready_file = os.path.join(workdir, "ready.json")
        self.log_file = os.path.join(workdir, "serve.log")
        self.token = os.environ.get("RCSIM_TOKEN") or None
        args = [binary, "serve", "--free-ports", "--one-address",
                "--db", os.path.join(workdir, "rcsim.db"), "--clock", clock,
                "--ready-file", self.ready_file, "--log-file", self.log_file,
                "--log-level", "info"] + list(extra_args)
        self._err = open(os.path.join(workdir, "serve.err"), "wb")
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self._err)
        self.ready = self._wait_ready()
        self.url = self.ready["url"]
        self.pid = self.ready["pid"]
        self.arrays = {a["name"]: Array(a) for a in self.ready["arrays"]}

    def _wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if os.path.exists(self.ready_file):
                with open(self.ready_file) as f:
                    return json.load(f)
            if self.process.poll() is not None:
                raise RuntimeError("rcsim serve exited with status %s: %s"
                                   % (self.process.returncode, self._stderr()))
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("rcsim serve was not ready within %d s: %s"
                           % (READY_TIMEOUT_S, self._stderr()))

    def _stderr(self):
        self._err.flush()
        with open(os.path.join(self.workdir, "serve.err"), errors="replace") as f:
            return f.read()[-2000:]

    def stop(self):
        """Stops the server (SIGTERM) and waits for it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._err.close()

    # ---- the control API ------------------------------------------------

    def request(self, method, path, body=None, timeout=120):
        """Calls the control API (path below /sim/v1); returns the JSON
        answer, or raises RcsimError for a refusal."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + "/sim/v1" + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                if resp.headers.get_content_type() != "application/json":
                    return raw
                return json.loads(raw)
        except urllib.error.HTTPError as e:
            try:
                err = json.loads(e.read())
            except ValueError:
                err = {}
            raise RcsimError(e.code, err.get("error", "http_%d" % e.code),
                             err.get("message", str(e))) from None

    def status(self):
        return self.request("GET", "/status")

    def reset(self):
        """Back to the fixture (the clock carries on)."""
        self.request("POST", "/reset")

    # the array CLI
    def cli(self, array, command, user=None, answers=(), check=False):
        """Runs one CLI line on the array (as 3paradm unless user); answers
        are given to its confirmation questions in order ("y" or "n"). With
        check, a non-zero status raises RcsimError."""
        body = {"command": command}
        if user:
            body["user"] = user
        if answers:
            body["input"] = list(answers)
        r = CliResult(self.request("POST", "/arrays/%s/cli" % _quote(array), body))
        if check and r.status:
            raise RcsimError(200, "cli_status_%d" % r.status, (r.error or r.output).strip())
        return r

    # links and power
    def _link(self, a, b, body, port=None, one_way=False):
        if port:
            body["port"] = port
        if one_way:
            body["one_way"] = True
        return self.request("POST", "/links/%s/%s" % (_quote(a), _quote(b)), body)

    def link_down(self, a, b, port=None, one_way=False):
        return self._link(a, b, {"up": False}, port, one_way)

    def link_up(self, a, b, port=None, one_way=False):
        return self._link(a, b, {"up": True}, port, one_way)

    def link_set(self, a, b, latency_ms=None, bandwidth_mbs=None, loss_pct=None, port=None,
                 one_way=False):
        body = {k: v for k, v in (("latency_ms", latency_ms), ("bandwidth_mbs", bandwidth_mbs),
                                  ("loss_pct", loss_pct)) if v is not None}
        return self._link(a, b, body, port, one_way)

    def array_down(self, array):
        return self.request("POST", "/arrays/%s/power" % _quote(array), {"on": False})

    def array_up(self, array):
        return self.request("POST", "/arrays/%s/power" % _quote(array), {"on": True})

    def array_reboot(self, array):
        return self.request("POST", "/arrays/%s/reboot" % _quote(array))

    def schedule(self, steps, name=""):
        """Timed faults on the simulated clock: steps as in `rcsim timeline
        load` ({"at": "+5m", "for": "90s", "link": "down", "a": ..., "b":
        ...} or {"at": ..., "power": "off", "array": ...}). Returns what is
        to come."""
        return self.request("POST", "/timeline", {"name": name, "steps": list(steps)})["faults"]

    # the clock
    def clock(self):
        return self.request("GET", "/clock")

    def advance(self, duration):
        """Moves the clock on ("90s", "1m30s", or ms); every timer due on
        the way runs at its moment."""
        return self.request("POST", "/clock/advance", {"by": duration})

    def set_clock(self, when):
        return self.request("POST", "/clock/set", {"time": when})

    # host I/O
    def io_write(self, array, vv, offset=0, length=None, pattern=None, data=None):
        """Writes pattern data (a seed, with length) or bytes at offset."""
        body = {"offset": offset}
        if data is not None:
            body["data"] = base64.b64encode(data).decode()
        else:
            body["pattern"] = pattern if pattern is not None else 0
            body["length"] = length
        return self.request("POST", "/arrays/%s/volumes/%s/write" % (_quote(array), _quote(vv)),
                            body)

    def io_read(self, array, vv, offset, length):
        return self.request("GET", "/arrays/%s/volumes/%s/read?offset=%s&length=%s"
                            % (_quote(array), _quote(vv), offset, length))

    def digest(self, array, vv):
        """One hex digest of the whole volume: equal digests, equal data."""
        return self.request("GET", "/arrays/%s/volumes/%s/digest"
                            % (_quote(array), _quote(vv)))["digest"]

    # what happened
    def events(self, since=0, array=None, kind=None):
        """Events after id since, oldest first; kind filters by kind."""
        q = "?since=%d&limit=10000" % since
        if array:
            q += "&array=" + _quote(array)
        evs = self.request("GET", "/events" + q)["events"]
        return [e for e in evs if kind is None or e["kind"] == kind]

    def last_event_id(self):
        return self.status()["events"]["last_id"]

    def groups(self, array, group=None):
        path = "/arrays/%s/groups" % _quote(array)
        if group:
            return self.request("GET", path + "/" + _quote(group))
        return self.request("GET", path)["groups"]

    def checkpoint_save(self, name, replace=True):
        return self.request("POST", "/checkpoints/" + _quote(name), {"replace": replace})

    def checkpoint_load(self, name):
        return self.request("POST", "/checkpoints/%s/load" % _quote(name))


# ---- pytest wiring ----------------------------------------------------------

def pytest_addoption(parser):
    group = parser.getgroup("rcsim", "the rcsim 3PAR simulator")
    group.addoption("--rcsim", default=None,
                    help="the rcsim binary (default: $RCSIM, else rcsim on PATH)")
    group.addoption("--rcsim-arg", action="append", default=[],
                    help="one more argument for rcsim serve (repeat it)")
    group.addoption("--rcsim-clock", default="manual", choices=("manual", "real"),
                    help="the simulated clock (default manual)")


def _binary(config):
    path = config.getoption("--rcsim") or os.environ.get("RCSIM") or shutil.which("rcsim")
    if not path:
        pytest.skip("no rcsim binary: give --rcsim PATH or set RCSIM")
    return path


@pytest.fixture(scope="session")
def rcsim_server(request):
    """One rcsim serve for the session, on free ports, ready."""
    workdir = tempfile.mkdtemp(prefix="rcsim-pytest-")
    server = RcsimServer(_binary(request.config), workdir,
                         clock=request.config.getoption("--rcsim-clock"),
                         extra_args=request.config.getoption("--rcsim-arg"))
    yield server
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def rcsim(rcsim_server):
    """The session's rcsim, reset to its fixture for this test."""
    rcsim_server.reset()
    return rcsim_server
