#!/usr/bin/env python3
"""power_sessions.py RCSIM URL ARRAY HOST WSAPI_PORT SSH_PORT ACTION - what a power
change leaves of an array's sessions the moment the control command
returns (docs/behaviour.md "Security"): with a WSAPI key and an SSH shell
open, runs `rcsim array ACTION ARRAY` (reboot or down), then at once:
the old key must get 401, the shell's connection must be gone, and after
"down" both ports must refuse connections. Prints what it saw; exit 0, or
1 with a message."""
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import paramiko


def fail(msg):
    sys.stderr.write("power_sessions: %s\n" % msg)
    sys.exit(1)


HOST = "127.0.0.1"


def wsapi(port, method, path, body=None, key=None):
    req = urllib.request.Request("http://%s:%d/api/v1%s" % (HOST, port, path),
                                 method=method,
                                 data=json.dumps(body).encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("X-Hp3Par-Wsapi-Sessionkey", key)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}


def shell_alive(client):
    """Runs showsys on the open connection: True if it still answers."""
    try:
        _, out, _ = client.exec_command("showsys", timeout=5)
        return bool(out.read())
    except (paramiko.SSHException, OSError, EOFError):
        return False


def refused(port):
    try:
        socket.create_connection((HOST, port), timeout=5).close()
        return False
    except ConnectionRefusedError:
        return True


def main():
    global HOST
    rcsim, url, array, HOST, wport, sport, action = sys.argv[1:8]
    wport, sport = int(wport), int(sport)
    st, body = wsapi(wport, "POST", "/credentials", {"user": "3paradm", "password": "3pardata"})
    if st != 201:
        fail("login: %s" % st)
    key = body["key"]
    if wsapi(wport, "GET", "/system", key=key)[0] != 200:
        fail("the key does not work to begin with")
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(HOST, port=sport, username="3paradm", password="3pardata",
                   allow_agent=False, look_for_keys=False, timeout=10)
    if not shell_alive(client):
        fail("the shell does not work to begin with")

    subprocess.run([rcsim, "--server", url, "array", action, array], check=True,
                   stdout=subprocess.DEVNULL)

    # at once: no wait, no retry
    if shell_alive(client):
        fail("the SSH connection still answers after %s" % action)
    if action == "down":
        if not refused(sport):
            fail("the SSH port still accepts connections")
        if not refused(wport):
            fail("the WSAPI port still accepts connections")
    else:
        st, _ = wsapi(wport, "GET", "/system", key=key)
        if st != 401:
            fail("the old WSAPI key got %s after %s, not 401" % (st, action))
    client.close()
    print("ok")


main()
