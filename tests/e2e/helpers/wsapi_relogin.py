#!/usr/bin/python3
"""tests/e2e/helpers/wsapi_relogin.py - a WSAPI client that behaves like
python-3parclient on 401/403 (docs/array-interfaces.md §1.2): it logs in
again and replays the request once. Usage:
  wsapi_relogin.py <mode> <base-url> <user> <password> <n>
  plain     n rounds of: log in, GET /system
  after401  n rounds of: GET /system with a stale key (401), log in again,
            replay (200)
  after403  n rounds of: POST /volumes as a role that may not (403), log in
            again, replay (403 again: no side effect)
  noisy     like after401, and before each round another client of the same
            user tries a wrong password (403/5), once in a row at most
Every login must succeed, and all n rounds must finish within 30 s.
Prints "<logins> logins in <seconds> s". Exit 0, or 1 with a message."""
import json
import sys
import time
import urllib.error
import urllib.request

HDR = "X-Hp3Par-Wsapi-Sessionkey"


def fail(msg):
    sys.stderr.write("wsapi_relogin: %s\n" % msg)
    sys.exit(1)


def call(base, method, path, body=None, key=None):
    data = json.dumps(body).encode() if body is not None else None
    rq = urllib.request.Request(base + path, data=data, method=method)
    rq.add_header("Accept", "application/json")
    if data is not None:
        rq.add_header("Content-Type", "application/json")
    if key:
        rq.add_header(HDR, key)
    try:
        with urllib.request.urlopen(rq, timeout=10) as r:
            text = r.read()
            return r.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        text = e.read()
        return e.code, json.loads(text) if text else None


class Client:
    def __init__(self, base, user, password):
        self.base, self.user, self.password = base, user, password
        self.key = None
        self.logins = 0

    def login(self):
        st, body = call(self.base, "POST", "/credentials",
                        {"user": self.user, "password": self.password})
        if st != 201 or not body or "key" not in body:
            fail("login %d of %s refused: %s %r" % (self.logins + 1, self.user, st, body))
        self.key = body["key"]
        self.logins += 1

    def request(self, method, path, body=None):
        st, reply = call(self.base, method, path, body, self.key)
        if st in (401, 403):
            self.login()
            st, reply = call(self.base, method, path, body, self.key)
        return st, reply


def main():
    if len(sys.argv) != 6:
        fail(__doc__)
    mode, base, user, password, n = sys.argv[1:6]
    n = int(n)
    c = Client(base.rstrip("/"), user, password)
    start = time.monotonic()
    for i in range(n):
        if mode == "plain":
            c.login()
            st, _ = c.request("GET", "/system")
            if st != 200:
                fail("round %d: GET /system %s" % (i, st))
        elif mode in ("after401", "noisy"):
            if mode == "noisy":
                st, body = call(c.base, "POST", "/credentials",
                                {"user": user, "password": "not-" + password})
                if st != 403 or body.get("code") != 5:
                    fail("round %d: a wrong password got %s %r" % (i, st, body))
            c.key = "0-%032x-deadbeef" % i      # stale, as after an expiry
            st, _ = c.request("GET", "/system")
            if st != 200:
                fail("round %d: replay after 401 got %s" % (i, st))
        elif mode == "after403":
            st, body = c.request("POST", "/volumes",
                                 {"name": "relogin%d" % i, "cpg": "FC_r1", "sizeMiB": 1024})
            if st != 403 or body.get("code") != 7:
                fail("round %d: write as %s got %s %r" % (i, user, st, body))
        else:
            fail("unknown mode %r" % mode)
    elapsed = time.monotonic() - start
    if elapsed >= 30:
        fail("%d rounds took %.1f s" % (n, elapsed))
    print("%d logins in %.1f s" % (c.logins, elapsed))


if __name__ == "__main__":
    main()
