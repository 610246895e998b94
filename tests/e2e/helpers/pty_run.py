#!/usr/bin/python3
"""tests/e2e/helpers/pty_run.py - runs a command on a pseudo-terminal, as a
person at a terminal would: reads a script on stdin, one step per line,
"<text to wait for>\t<keys to type>" (keys take Python escapes: \\r, \\t,
\\x03 for Ctrl-C); waits for each text (after the previous one), types the
keys, then reads what is left. Prints everything the terminal showed and
exits with the command's status (124 when a text never came).

    pty_run.py [--stderr-only] CMD ARGS... < script

--stderr-only puts only stderr on the terminal (stdout goes to the file
named by PTY_RUN_STDOUT), for commands that show progress there."""
import os
import pty
import select
import sys
import time

TIMEOUT = 10.0


def main():
    args = sys.argv[1:]
    stderr_only = args and args[0] == "--stderr-only"
    if stderr_only:
        args = args[1:]
    steps = []
    for line in sys.stdin.read().splitlines():
        if line:
            expect, _, keys = line.partition("\t")
            steps.append((expect.encode(), keys.encode().decode("unicode_escape").encode()))
    pid, fd = pty.fork()
    if pid == 0:
        if stderr_only:
            out = os.open(os.environ["PTY_RUN_STDOUT"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(out, 1)
        os.execvp(args[0], args)
    seen = b""

    def read_until(pred, secs):
        nonlocal seen
        end = time.time() + secs
        while time.time() < end and not pred():
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            seen += data
        return pred()

    mark = 0
    for expect, keys in steps:
        if not read_until(lambda: expect in seen[mark:], TIMEOUT):
            sys.stdout.write(seen.decode(errors="replace"))
            sys.stdout.write("\n[pty_run: never saw %r]\n" % expect.decode())
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.exit(124)
        mark = seen.index(expect, mark) + len(expect)
        os.write(fd, keys)
    read_until(lambda: False, TIMEOUT)     # to the end of the output (EOF)
    end = time.time() + 2
    done, status = os.waitpid(pid, os.WNOHANG)
    while not done and time.time() < end:
        time.sleep(0.01)
        done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.stdout.write(seen.decode(errors="replace"))
        sys.stdout.write("\n[pty_run: the command did not end]\n")
        sys.exit(124)
    sys.stdout.write(seen.decode(errors="replace"))
    sys.exit(os.waitstatus_to_exitcode(status))


main()
