#!/usr/bin/python3
"""tests/e2e/helpers/ssh_hpe.py - drive an array's SSH CLI exactly as
python-3parclient does (docs/array-interfaces.md §5.1-§5.3), and check the
byte layout. Usage: ssh_hpe.py <mode> <host> <port> [args...]
  run <cmd>...      one pty shell channel per command on one connection;
                    checks the framing, prints each command's lines[5:-2]
  pubkey            a publickey attempt is refused listing "password", then
                    the password is accepted
  wrongpw           a wrong password is refused
  authlimit         on one connection, wrong passwords are refused each
                    after a delay (>= 0.9 s) and the third ends the
                    connection; prints the delays
  hostkey           prints the server's host key (base64)
SSH_USER and SSH_PASSWORD override the user (3paradm/3pardata).
Exit status 0 on success, 1 with a message on stderr otherwise."""
import os
import sys
import time
import paramiko

USER = os.environ.get("SSH_USER", "3paradm")
PASSWORD = os.environ.get("SSH_PASSWORD", "3pardata")


def fail(msg):
    sys.stderr.write("ssh_hpe: %s\n" % msg)
    sys.exit(1)


def connect(host, port, password=PASSWORD):
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect(host, port=port, username=USER, password=password, timeout=10,
              allow_agent=False, look_for_keys=False)
    return c


def one_command(client, cmd):
    ch = client.invoke_shell(term="vt100", width=80, height=24)
    ch.send("setclienv csvtable 1\n%s\nexit\n" % cmd)
    data = b""
    while True:
        d = ch.recv(65536)
        if not d:
            break
        data += d
    ch.recv_exit_status()
    ch.close()
    text = data.decode("utf-8")
    lines = text.split("\r\n")
    if lines[0:3] != ["setclienv csvtable 1", cmd, "exit"]:
        fail("%r: echo lines wrong: %r" % (cmd, lines[0:3]))
    prompt = lines[3][: -len("setclienv csvtable 1")]
    if not prompt.endswith("% ") or lines[3] != prompt + "setclienv csvtable 1":
        fail("%r: bad prompt line %r" % (cmd, lines[3]))
    if lines[4] != prompt + cmd:
        fail("%r: bad command line %r" % (cmd, lines[4]))
    if lines[-2] != prompt + "exit" or lines[-1] != "":
        fail("%r: bad ending %r" % (cmd, lines[-2:]))
    out = lines[5:-2]
    for l in out:
        if "\n" in l or "\r" in l:
            fail("%r: bare line break in %r" % (cmd, l))
    return out


def main():
    if len(sys.argv) < 4:
        fail(__doc__)
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "run":
        c = connect(host, port)
        for cmd in sys.argv[4:]:
            for l in one_command(c, cmd):
                print(l)
            print("--")
        c.close()
    elif mode == "pubkey":
        t = paramiko.Transport((host, port))
        t.start_client(timeout=10)
        key = paramiko.RSAKey.generate(2048)
        try:
            t.auth_publickey(USER, key)
            fail("publickey accepted")
        except paramiko.BadAuthenticationType as e:
            if e.allowed_types != ["password"]:
                fail("allowed types %r" % e.allowed_types)
        except paramiko.AuthenticationException:
            pass
        t.auth_password(USER, PASSWORD)
        if not t.is_authenticated():
            fail("password not accepted after publickey")
        t.close()
    elif mode == "wrongpw":
        try:
            connect(host, port, password="not-the-password")
            fail("wrong password accepted")
        except paramiko.AuthenticationException:
            pass
    elif mode == "authlimit":
        t = paramiko.Transport((host, port))
        t.start_client(timeout=10)
        delays = []
        for i in range(3):
            start = time.monotonic()
            try:
                t.auth_password(USER, "wrong-%d" % i)
                fail("wrong password %d accepted" % i)
            except paramiko.AuthenticationException:
                pass
            except paramiko.SSHException:
                fail("connection ended before attempt %d" % (i + 1))
            delays.append(time.monotonic() - start)
        if min(delays) < 0.9:
            fail("no delay after a wrong password: %r" % delays)
        deadline = time.monotonic() + 5
        while t.is_active() and time.monotonic() < deadline:
            time.sleep(0.05)
        if t.is_active():
            try:
                t.auth_password(USER, PASSWORD)
                fail("a fourth attempt on the same connection was accepted")
            except (paramiko.AuthenticationException, paramiko.SSHException, EOFError):
                pass
        t.close()
        print(" ".join("%.1f" % d for d in delays))
    elif mode == "hostkey":
        t = paramiko.Transport((host, port))
        t.start_client(timeout=10)
        print(t.get_remote_server_key().get_base64())
        t.close()
    else:
        fail("unknown mode %r" % mode)


if __name__ == "__main__":
    main()
