#!/bin/sh
# t101: the array CLI over SSH as python-3parclient drives it (reference
# docs/array-interfaces.md §5.1-§5.3, §5.7, §6 items 1-4, 29, 30): exact framing of
# a pty shell, many channels on one connection, publickey then password,
# wrong passwords, exec channel status and stderr, a non-pty shell, the
# host key kept across a restart, a powered-off array refusing connections.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3 sshpass ssh
requires_own_server
start_rcsim

HELPER="$(dirname "$0")/helpers/ssh_hpe.py"
PORT=$((2222 + PORT_OFFSET))
hpe() { /usr/bin/python3 "$HELPER" "$@"; }
SSHO="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $PORT"
ssh_exec() { sshpass -p 3pardata ssh $SSHO 3paradm@127.0.0.1 "$@"; }

# 1. framing (checked inside the helper) and CSV output after setclienv
out=$(hpe run 127.0.0.1 "$PORT" showsys) || fail "showsys over the HPE shell"
first=$(printf '%s\n' "$out" | head -n 1)
assert_contains "$first" ","
out=$(hpe run 127.0.0.1 "$PORT" "removevv -f nosuchvolume") || fail "a refusal"
assert_contains "$out" "Error"
out=$(hpe run 127.0.0.1 "$PORT" "nosuchcommand") || fail "an unknown command"
assert_contains "$out" "invalid command name"

# 2. several channels on one connection, several connections
hpe run 127.0.0.1 "$PORT" showsys showsys showvv showsys showvv >/dev/null || fail "channels"
pids=
for i in 1 2 3 4; do hpe run 127.0.0.1 "$PORT" showsys >/dev/null & pids="$pids $!"; done
for p in $pids; do wait "$p" || fail "parallel connections"; done

# 3. authentication
hpe pubkey 127.0.0.1 "$PORT" || fail "publickey then password"
hpe wrongpw 127.0.0.1 "$PORT" || fail "wrong password accepted"

# 4. exec: status and stderr
ssh_exec showsys >"$E2E_TMP/o" 2>"$E2E_TMP/e" || fail "exec showsys failed"
[ -s "$E2E_TMP/o" ] || fail "exec showsys printed nothing"
st=0; ssh_exec removevv -f nosuchvolume >"$E2E_TMP/o" 2>"$E2E_TMP/e" || st=$?
assert_eq "$st" 1
assert_contains "$(cat "$E2E_TMP/e")" "Error"
st=0; ssh_exec nosuchcommand >"$E2E_TMP/o" 2>"$E2E_TMP/e" || st=$?
assert_ne "$st" 0
# a question nobody answers (no input on an exec channel) is a refusal with
# an Error line, and changes nothing
rc cli site-a createvv -tpvv FC_r1 asked 1g
st=0; ssh_exec removevv asked </dev/null >"$E2E_TMP/o" 2>"$E2E_TMP/e" || st=$?
assert_eq "$st" 1
assert_contains "$(cat "$E2E_TMP/e")" "needs confirmation"
rc cli site-a showvv asked >/dev/null

# 5. shell without a pty: ';' and a last line without newline
out=$(printf 'setclienv csvtable 1 ; showsys ; exit' |
      sshpass -p 3pardata ssh -T $SSHO 3paradm@127.0.0.1) || fail "non-pty shell"
assert_contains "$out" ","

# 6. the host key survives a restart
k1=$(hpe hostkey 127.0.0.1 "$PORT")
restart_rcsim
k2=$(hpe hostkey 127.0.0.1 "$PORT")
assert_eq "$k1" "$k2"
