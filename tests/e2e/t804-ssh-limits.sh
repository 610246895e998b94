#!/bin/sh
# t804: what the SSH listeners do with clients that hold connections or
# never read (docs/behaviour.md "Security"): one address may have 32
# connections logging in at once per array, others are served meanwhile;
# a connection that does not log in within the grace time is closed; a
# shell client that sends thousands of commands without reading the
# answers is slowed to the pace it reads, and gets every answer.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3 sshpass ssh
$PY -c 'import paramiko' 2>/dev/null || { echo "skip: requires paramiko"; exit 77; }
requires_own_server
start_rcsim

H="$(dirname "$0")/helpers"
SSHP=$((2222 + PORT_OFFSET))
SSHO="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $SSHP"

# 1. 32 connections logging in from one address, per array; the rest are
#    closed before a byte is sent, and other addresses get in meanwhile
$PY "$H/http_abuse.py" cap "$SSHP" 127.0.0.5 36 32 >/dev/null || fail "per-address cap"
sshpass -p 3pardata ssh $SSHO 3paradm@127.0.0.1 showsys >/dev/null ||
    fail "a login from another address"
sshpass -p 3pardata ssh $SSHO 3paradm@127.0.0.2 showsys >/dev/null ||
    fail "a login to the other array"
grep -q "refused: too many connections logging in from this address" "$E2E_TMP/serve.log" ||
    fail "the refusal is not logged"

# 2. answers left unread: the client is slowed, nothing is lost
$PY "$H/ssh_flood.py" 127.0.0.1 "$SSHP" browse browse 8000 >/dev/null ||
    fail "a flood of unread commands"

# 3. the login grace time (short here)
stop_rcsim
start_rcsim --login-grace 1s
$PY "$H/http_abuse.py" idle "$SSHP" 1000 >/dev/null || fail "a connection that never logs in"
sshpass -p 3pardata ssh $SSHO 3paradm@127.0.0.1 showsys >/dev/null || fail "a real login"
