#!/bin/sh
# t805: the failed-login limits hold against an attacker who spreads
# failures (docs/behaviour.md "Security"): failures on more junk names
# than the limiter could once hold never reset a name's count, and one
# address that keeps failing is locked out on WSAPI and SSH alike while
# others log in. The lockout runs on the wall clock: 2 s here.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3 sshpass ssh
requires_own_server
H="$(dirname "$0")/helpers"
churn() { $PY "$H/login_churn.py" "$WSP" "$@" >/dev/null; }

# 1. name churn, with the per-address limit off: 4 guesses, 1,030 junk
#    names, 1 guess: 3paradm is locked
start_rcsim --login-lockout 2s --login-source-failures 0
WSP=$((8008 + PORT_OFFSET))
churn churn 127.0.0.7 1030 || fail "the lockout did not survive name churn"
grep -q "user '3paradm' locked" "$E2E_TMP/serve.log" || fail "the lock is not logged"

# 2. the per-address limit: 20 failures from one address lock it for
#    every name, over WSAPI and SSH; another address is not affected
stop_rcsim
start_rcsim --login-lockout 2s
churn source 127.0.0.8 20 || fail "the address was not locked"
SSHO="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
SSHO="$SSHO -p $((2222 + PORT_OFFSET))"
st=0; sshpass -p browse ssh $SSHO -b 127.0.0.8 browse@127.0.0.1 showsys >/dev/null 2>&1 || st=$?
assert_eq "$st" 5 "ssh from the locked address"
churn ok 127.0.0.1 || fail "another address is locked too"
sshpass -p browse ssh $SSHO browse@127.0.0.1 showsys >/dev/null || fail "ssh from another address"
grep -q "logins from 127.0.0.8 locked" "$E2E_TMP/serve.log" || fail "the lock is not logged"
