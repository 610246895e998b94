#!/usr/bin/env python3
"""login_churn.py PORT MODE SRC [N] - failed WSAPI logins from address SRC
to 127.0.0.1:PORT, for the lockout tests (docs/behaviour.md "Security").

  churn N   4 wrong passwords for 3paradm, N failures on junk names, a
            5th wrong password: the right one must then be refused as
            locked (403, "too many failed attempts")
  source N  N failures on junk names: the right password of another
            user must then be refused as locked from SRC
  ok        the right password of 3paradm must log in from SRC
Exit 0, or 1 with a message."""
import http.client
import json
import sys


def login(port, src, user, password):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(src, 0))
    c.request("POST", "/api/v1/credentials", json.dumps({"user": user, "password": password}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    body = json.loads(r.read() or b"{}")
    c.close()
    return r.status, body


def fail(msg):
    sys.stderr.write("login_churn: %s\n" % msg)
    sys.exit(1)


def locked(port, src, user, password):
    st, body = login(port, src, user, password)
    if st != 403 or "too many" not in body.get("desc", ""):
        fail("%s with the right password from %s: %s %r, not locked" % (user, src, st, body))


def main():
    port, mode, src = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    if mode == "churn":
        for i in range(4):
            login(port, src, "3paradm", "guess%d" % i)
        for i in range(n):
            login(port, src, "junk%d" % i, "x")
        login(port, src, "3paradm", "guess-last")
        locked(port, src, "3paradm", "3pardata")
    elif mode == "source":
        for i in range(n):
            login(port, src, "junk%d" % i, "x")
        locked(port, src, "edit", "edit")
    elif mode == "ok":
        st, body = login(port, src, "3paradm", "3pardata")
        if st != 201:
            fail("the right password from %s: %s %r" % (src, st, body))
    print("ok")


main()
