#!/bin/sh
# t801: users, roles, sessions and failed logins on both fronts (docs/design.md §4.7,
# §6; docs/behaviour.md "Security"): browse may only look, edit may not
# manage the system's domains, an idle WSAPI session expires (401/6, the
# client logs in again), a client that logs in again after every 401/403
# is never slowed, repeated wrong passwords lock the name for a short
# while on WSAPI and SSH alike, and the right password works once the
# lock has run out. SSH keeps its own per-connection delay and limit.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3 sshpass ssh
requires_own_server
# Session idle time and lockouts run on the wall clock, not the simulated
# one (they protect the real listeners), so this test waits a little for
# real: 2 s each, set short here.
start_rcsim --login-lockout 2s --session-idle 2s

H="$(dirname "$0")/helpers"
WS="http://127.0.0.1:$((8008 + PORT_OFFSET))/api/v1"
PORT=$((2222 + PORT_OFFSET))
SSHO="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $PORT"
relogin() { $PY "$H/wsapi_relogin.py" "$@"; }

# wsapi METHOD PATH [JSON] [KEY]: prints "<status> <body>"
wsapi() {
    _code=$(curl -sS -o "$E2E_TMP/ws.body" -w '%{http_code}' -X "$1" \
        ${4:+-H "X-Hp3Par-Wsapi-Sessionkey: $4"} \
        ${3:+-H 'Content-Type: application/json' --data-binary "$3"} "$WS$2")
    echo "$_code $(cat "$E2E_TMP/ws.body")"
}
login_body() { printf '{"user":"%s","password":"%s"}' "$1" "$2"; }
login() { wsapi POST /credentials "$(login_body "$1" "$2")" | cut -d' ' -f2- | jget key; }
status_of() { echo "${1%% *}"; }
body_of() { echo "${1#* }"; }
# ssh_as USER PASSWORD CMD...: exec channel; stdout, stderr in files
ssh_as() {
    _u=$1 _p=$2
    shift 2
    sshpass -p "$_p" ssh $SSHO "$_u@127.0.0.1" "$@" >"$E2E_TMP/o" 2>"$E2E_TMP/e"
}

# 1. roles over WSAPI: browse reads, a write is 403/7 and changes nothing
KB=$(login browse browse)
out=$(wsapi POST /volumes '{"name":"vb","cpg":"FC_r1","sizeMiB":1024}' "$KB")
assert_eq "$(status_of "$out")" 403 "browse POST /volumes"
assert_eq "$(body_of "$out" | jget code)" 7
assert_eq "$(body_of "$out" | jget desc)" "insufficient privileges"
assert_eq "$(status_of "$(wsapi GET /volumes "" "$KB")")" 200 "browse GET /volumes"
KA=$(login 3paradm 3pardata)
assert_eq "$(status_of "$(wsapi GET /volumes/vb "" "$KA")")" 404 "the refused write left nothing"
KE=$(login edit edit)
assert_eq "$(status_of "$(wsapi POST /volumes '{"name":"ve","cpg":"FC_r1","sizeMiB":1024}' "$KE")")" \
    201 "edit may create a volume"

# 2. roles over SSH (exec and the HPE pty shell) and through the control API
st=0; ssh_as browse browse createvv -tpvv FC_r1 vb 1g || st=$?
assert_eq "$st" 1 "browse createvv over ssh"
assert_eq "$(cat "$E2E_TMP/e")" "Error: Permission denied: your role may not run createvv"
ssh_as browse browse showvv || fail "browse showvv over ssh"
out=$(SSH_USER=browse SSH_PASSWORD=browse $PY "$H/ssh_hpe.py" run 127.0.0.1 "$PORT" \
      "createvv -tpvv FC_r1 vb 1g") || fail "HPE shell as browse"
assert_contains "$out" "Error: Permission denied: your role may not run createvv"
st=0; ssh_as edit edit createdomain d1 || st=$?
assert_eq "$st" 1 "edit may not manage domains (super only)"
assert_contains "$(cat "$E2E_TMP/e")" "Permission denied"
expect_status 1 rc cli --user browse site-a removevv -f ve 2>/dev/null
rc cli site-a showvv ve >/dev/null || fail "the refused removevv left ve"
rc cli --user edit site-a removevv -f ve >/dev/null

# 3. an idle WSAPI session expires: 401 with code 6, the client logs in again
K=$(login 3paradm 3pardata)
assert_eq "$(status_of "$(wsapi GET /system "" "$K")")" 200
sleep 2.5
out=$(wsapi GET /system "" "$K")
assert_eq "$(status_of "$out")" 401 "expired session"
assert_eq "$(body_of "$out" | jget code)" 6
assert_eq "$(body_of "$out" | jget desc)" "invalid session key"
assert_eq "$(status_of "$(wsapi DELETE "/credentials/$K" "" "$K")")" 200 "logout of an expired key"

# 4. logging in again after every 401/403 is never throttled (>= 30 in 30 s)
relogin plain "$WS" 3paradm 3pardata 40 || fail "40 logins in a row"
relogin after401 "$WS" edit edit 40 || fail "40 logins after a 401 each"
relogin after403 "$WS" browse browse 40 || fail "40 logins after a 403 each"
relogin noisy "$WS" 3paradm 3pardata 40 || fail "40 logins among wrong passwords"

# 5. five wrong passwords in a row lock the name for the lockout (2 s here),
#    on both fronts; other names are not affected
for i in 1 2 3 4 5; do
    out=$(wsapi POST /credentials "$(login_body edit "guess$i")")
    assert_eq "$(status_of "$out")" 403 "wrong password $i"
    assert_eq "$(body_of "$out" | jget desc)" "invalid username or password"
done
out=$(wsapi POST /credentials "$(login_body edit edit)")
assert_eq "$(status_of "$out")" 403 "the right password while locked"
assert_eq "$(body_of "$out" | jget code)" 5
assert_contains "$(body_of "$out" | jget desc)" "too many failed attempts"
st=0; ssh_as edit edit showsys || st=$?
assert_eq "$st" 5 "ssh login of a locked name (sshpass: wrong password)"
[ -n "$(login 3paradm 3pardata)" ] || fail "another user is locked too"
ssh_as 3paradm 3pardata showsys || fail "another user over ssh"
sleep 2.2
[ -n "$(login edit edit)" ] || fail "the right password after the lockout"
ssh_as edit edit showsys || fail "ssh after the lockout"
grep -q "user 'edit' locked" "$E2E_TMP/serve.log" || fail "the lock is not logged"

# 6. SSH: unknown users and wrong passwords; each failure is delayed and a
#    connection gets three tries
st=0; ssh_as nobody x showsys || st=$?
assert_eq "$st" 5 "unknown user over ssh"
SSH_USER=nobody2 $PY "$H/ssh_hpe.py" authlimit 127.0.0.1 "$PORT" >"$E2E_TMP/delays" ||
    fail "ssh per-connection limit"
