#!/usr/bin/env python3
"""http_abuse.py - raw HTTP the way broken or hostile clients send it, for
the end-to-end tests of the listeners' limits (docs/behaviour.md
"Security"). Each mode prints what it saw; exit 0 when the server behaved,
1 with a message when not.

  status PORT REQUEST         send REQUEST (Python escapes: \\r\\n) to
                              127.0.0.1:PORT, print the status line
  slow PORT MS                open a connection, send half a request line,
                              then one byte every 100 ms; the server must
                              close it within MS (and not before MS/2)
  slowtls PORT MS             the same with a TLS handshake record
  idle PORT MS                open a connection and send nothing; closed
                              within MS
  spin PORT PID               send half a TLS ClientHello and hold it for a
                              second: the server (PID) must stay idle
                              (less than a fifth of a core), not retry the
                              handshake in a loop
  cap PORT SRC N KEEP         open N idle connections from address SRC:
                              KEEP must stay open, the others be closed at
                              once
"""
import os
import socket
import sys
import time


def fail(msg):
    sys.stderr.write("http_abuse: %s\n" % msg)
    sys.exit(1)


def connect(port, src=None):
    s = socket.socket()
    if src:
        s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def closed_within(s, limit_s):
    """Seconds until the server closed s (EOF or reset), or None."""
    t0 = time.monotonic()
    s.settimeout(0.05)
    while time.monotonic() - t0 < limit_s:
        try:
            if s.recv(4096) == b"":
                return time.monotonic() - t0
        except socket.timeout:
            continue
        except OSError:
            return time.monotonic() - t0
    return None


def still_open(s):
    s.setblocking(False)
    try:
        return s.recv(4096) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def status(port, request):
    s = connect(port)
    s.sendall(request.encode().decode("unicode_escape").encode("latin-1"))
    s.settimeout(5)
    data = b""
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    print(data.split(b"\r\n")[0].decode("latin-1"))


def slow(port, ms, tls=False):
    s = connect(port)
    # a handshake record announcing 512 bytes, or half a request line
    s.sendall(b"\x16\x03\x01\x02\x00\x01" if tls else b"GET /api/v1/system HTTP/1.1\r\nHo")
    t0 = time.monotonic()
    s.settimeout(0.1)
    while time.monotonic() - t0 < 3 * ms / 1000.0:
        try:
            s.send(b"\x00" if tls else b"x")
            if s.recv(4096) == b"":
                break
        except socket.timeout:
            continue
        except OSError:
            break
    took = time.monotonic() - t0
    if took >= 3 * ms / 1000.0:
        fail("a trickling client was never cut off")
    if took < ms / 2000.0:
        fail("cut off after %.2f s, before the limit" % took)
    print("closed after %.1f s" % took)


def idle(port, ms):
    s = connect(port)
    took = closed_within(s, 3 * ms / 1000.0)
    if took is None:
        fail("an idle connection was never closed")
    print("closed after %.1f s" % took)


def cap(port, src, n, keep):
    socks = [connect(port, src) for _ in range(n)]
    # the listener's threads accept in any order: wait until n - keep are
    # closed, then none more may be
    t0 = time.monotonic()
    while time.monotonic() - t0 < 3:
        gone = n - sum(1 for s in socks if still_open(s))
        if gone >= n - keep:
            break
        time.sleep(0.02)
    if gone != n - keep:
        fail("%d of %d connections from %s kept, not %d" % (n - gone, n, src, keep))
    print("%d kept, %d closed" % (keep, n - keep))


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])       # utime + stime


def spin(port, pid):
    s = connect(port)
    s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
    t0, c0 = time.monotonic(), cpu_ticks(pid)
    time.sleep(1.0)     # what is measured is the absence of work
    used = (cpu_ticks(pid) - c0) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - t0)
    s.close()
    if used > 0.2:
        fail("the server used %.0f%% of a core on a half-sent handshake" % (100 * used))
    print("%.0f%% of a core" % (100 * used))


def main():
    mode = sys.argv[1]
    port = int(sys.argv[2])
    if mode == "status":
        status(port, sys.argv[3])
    elif mode in ("slow", "slowtls"):
        slow(port, int(sys.argv[3]), mode == "slowtls")
    elif mode == "idle":
        idle(port, int(sys.argv[3]))
    elif mode == "spin":
        spin(port, int(sys.argv[3]))
    elif mode == "cap":
        cap(port, sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        fail("unknown mode %s" % mode)


main()
