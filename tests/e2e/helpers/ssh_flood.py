#!/usr/bin/env python3
"""ssh_flood.py HOST PORT USER PASSWORD N - a shell client (no pty) that
sends N commands of 2 KiB each (help, 4 KiB of answer, padded with
blanks) and "exit"
from a thread, while the main thread reads none of the answers until the
sender has made no progress for a second, then reads them all. With
bounded buffers (docs/behaviour.md "Security") the server must stop
reading commands while their answers are unread (the client's SSH window
stays closed), and then every answer must arrive and the shell end. A
server that buffers without bound takes everything in unread. Prints "<answers>
answers"; exit 0, or 1 with a message."""
import sys
import threading
import time

import paramiko


def fail(msg):
    sys.stderr.write("ssh_flood: %s\n" % msg)
    sys.exit(1)


def main():
    host, port, user, password, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
        sys.argv[4], int(sys.argv[5])
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, port=port, username=user, password=password, allow_agent=False,
                   look_for_keys=False, timeout=10)
    chan = client.get_transport().open_session()
    chan.invoke_shell()
    errors = []
    sent = [0]
    line = b"help" + b" " * 2043 + b"\n"

    def send():
        try:
            for _ in range(n):
                chan.sendall(line)
                sent[0] += 1
            chan.sendall(b"exit\n")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    t = threading.Thread(target=send)
    t.start()
    # the server must stop taking commands before all are sent
    stalled = False
    last, since = -1, time.monotonic()
    while t.is_alive():
        if sent[0] != last:
            last, since = sent[0], time.monotonic()
        elif time.monotonic() - since > 1.0:
            stalled = True
            break
        time.sleep(0.05)
    chunks = []
    chan.settimeout(60)
    while True:
        chunk = chan.recv(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    data = b"".join(chunks)
    t.join(60)
    if errors:
        fail("sending: %r" % errors[0])
    if not stalled:
        fail("the server took all %d KiB of commands without their answers being read"
             % (n * len(line) // 1024))
    sys.stderr.write("stalled after %d of %d commands\n" % (last, n))
    got = data.count(b"Commands (help <command>")
    if got != n:
        fail("%d answers to %d commands" % (got, n))
    if chan.recv_exit_status() != 0:
        fail("exit status %d" % chan.recv_exit_status())
    print("%d answers" % got)


main()
