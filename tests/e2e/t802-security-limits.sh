#!/bin/sh
# t802: what a request may not do (docs/design.md §4.6; docs/behaviour.md "Security"):
# the control API off loopback needs a token (start-up refusal without
# one, 401 on every request without it), request bodies are capped (413
# before they are read: WSAPI and control API, with and without a length;
# 414/431 for a long URL or header),
# an SSH line is capped (a 1 MiB line is refused, the session goes on),
# request text never reaches SQL but as a bound parameter, and the
# database, its -wal/-shm and checkpoints are the owner's only.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3 sshpass ssh
requires_own_server

# 1. the control API on every address: a token is required
serve2() { # serve on a second set of ports; prints stderr, returns status
    "$RCSIM" serve --clock manual --db :memory: --port-offset "$((PORT_OFFSET + 7))" "$@" \
        2>&1 >/dev/null
}
ports=$(pick_ports)
CTL_PORT=${ports% *}
PORT_OFFSET=${ports#* }
for addr in 0.0.0.0 "[::]"; do
    st=0
    msg=$(RCSIM_TOKEN= serve2 --control "$addr:$((CTL_PORT + 1))") || st=$?
    assert_eq "$st" 2 "no token on $addr"
    assert_contains "$msg" "without a token"
done
start_rcsim --control "0.0.0.0:$CTL_PORT" --control-token s3cret
assert_eq "$(ctl_status GET /status)" 401 "no token off loopback"
assert_eq "$(ctl_body | jget error)" unauthorized
assert_eq "$(ctl_status GET /health)" 200 "health needs no token"
assert_eq "$(ctl_status POST /clock/advance '{"by": "1s"}')" 401 "a write without the token"
export RCSIM_TOKEN=s3cret
assert_eq "$(ctl_status GET /status)" 200
rc status >/dev/null

# 2. bodies past the cap: 413 before anything happens
$PY -c 'print("{\"a\": \"" + "x" * (2 << 20) + "\"}")' >"$E2E_TMP/big.json"
WS="http://127.0.0.1:$((8008 + PORT_OFFSET))/api/v1"
big() { # URL [extra curl args]: POST the 2 MiB body, print the status
    _u=$1
    shift
    curl -sS -o "$E2E_TMP/big.out" -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' "$@" --data-binary @"$E2E_TMP/big.json" "$_u"
}
assert_eq "$(big "$WS/credentials")" 413 "WSAPI login body"
assert_eq "$(jget code <"$E2E_TMP/big.out")" 12
KEY=$(curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary '{"user":"3paradm","password":"3pardata"}' "$WS/credentials" | jget key)
assert_eq "$(big "$WS/volumes" -H "X-Hp3Par-Wsapi-Sessionkey: $KEY")" 413 "WSAPI body"
assert_eq "$(big "$WS/volumes" -H "X-Hp3Par-Wsapi-Sessionkey: $KEY" \
    -H 'Transfer-Encoding: chunked')" 413 "WSAPI chunked body"
AUTH="Authorization: Bearer s3cret"
assert_eq "$(big "$RCSIM_URL/sim/v1/clock/advance" -H "$AUTH")" 413 "control body"
assert_eq "$(jget error <"$E2E_TMP/big.out")" body_too_large
assert_eq "$(big "$RCSIM_URL/sim/v1/clock/advance" -H "$AUTH" \
    -H 'Transfer-Encoding: chunked')" 413 "control chunked body"
# the documented largest write: 64 MiB of data (85.3 MiB of base64) fits;
# a byte more is refused
rc cli site-a createvv -tpvv FC_r1 big 1g >/dev/null
for n in 67108864 67108865; do
    $PY -c "import base64, sys; sys.stdout.write('{\"offset\": 0, \"data\": \"' +
base64.b64encode(b'x' * $n).decode() + '\"}')" >"$E2E_TMP/w.json"
    st=$(curl -sS -o "$E2E_TMP/w.out" -w '%{http_code}' -X POST -H "$AUTH" \
        -H 'Content-Type: application/json' --data-binary @"$E2E_TMP/w.json" \
        "$RCSIM_URL/sim/v1/arrays/site-a/volumes/big/write")
    case $n in
    67108864) assert_eq "$st" 200 "a 64 MiB write" ;;
    *) assert_eq "$st $(jget error <"$E2E_TMP/w.out")" "413 io_too_big" "64 MiB and a byte" ;;
    esac
done
rm -f "$E2E_TMP/w.json"
long=$($PY -c 'print("a" * 100000)')
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' "$WS/volumes/$long")" 414 "WSAPI long URL"
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' -H "X-Long: $long" "$WS/system")" 431 \
    "WSAPI long header"
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' -H "$AUTH" \
    "$RCSIM_URL/sim/v1/arrays/$long")" 414 "control long URL"
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' -H "X-Hp3Par-Wsapi-Sessionkey: $KEY" \
    "$WS/system")" 200 "still serving"
assert_eq "$(ctl_status GET /clock)" 200 "control still serving"

# 3. a 1 MiB line over SSH is refused; the session carries on
PORT=$((2222 + PORT_OFFSET))
SSHO="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $PORT"
$PY -c 'import sys; sys.stdout.write("x" * (1 << 20) + "\nshowsys\nexit\n")' |
    sshpass -p 3pardata ssh -T $SSHO 3paradm@127.0.0.1 >"$E2E_TMP/o" 2>"$E2E_TMP/e" ||
    fail "ssh shell with a 1 MiB line"
assert_contains "$(cat "$E2E_TMP/e")" "Error: command line too long"
assert_contains "$(cat "$E2E_TMP/o")" "site-a"
st=0
sshpass -p 3pardata ssh $SSHO 3paradm@127.0.0.1 "$($PY -c 'print("x" * 100000)')" \
    >"$E2E_TMP/o" 2>"$E2E_TMP/e" || st=$?
assert_eq "$st" 1 "an over-long exec command"
assert_eq "$(cat "$E2E_TMP/e")" "Error: command line too long"

# 4. request text reaches SQL only as bound parameters: SQL in names is data
rc cli site-a createvv -tpvv FC_r1 keep 1g >/dev/null
st=0
out=$(curl -sS -w ' %{http_code}' -H "X-Hp3Par-Wsapi-Sessionkey: $KEY" \
    "$WS/volumes/x'%20OR%20'1'='1") || st=$?
assert_contains "$out" " 404"
assert_contains "$out" '"code":23'
out=$(curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"user\":\"x' OR '1'='1\",\"password\":\"' OR '1'='1\"}" "$WS/credentials")
assert_eq "$(echo "$out" | jget code)" 5 "SQL in a login"
expect_fail rc cli site-a removevv -f "keep' OR '1'='1" 2>/dev/null
expect_fail rc cli site-a createvv -tpvv FC_r1 "v'; DROP TABLE vvs; --" 1g 2>/dev/null
assert_eq "$(ctl_status GET "/arrays/site-a'%20OR%20'1'='1")" 404
rc cli site-a showvv keep >/dev/null || fail "volume 'keep' is gone"

# 5. files: the database and what comes with it are 0600, checkpoints too
rc checkpoint save c1 >/dev/null
mode() { stat -c %a "$1"; }
assert_eq "$(mode "$RCSIM_DB")" 600 "database"
assert_eq "$(mode "$RCSIM_DB-wal")" 600 "database -wal"
assert_eq "$(mode "$RCSIM_DB-shm")" 600 "database -shm"
assert_eq "$(mode "$RCSIM_DB.checkpoints")" 700 "checkpoint directory"
assert_eq "$(mode "$RCSIM_DB.checkpoints/c1.db")" 600 "checkpoint"
# an existing database that others could read is made private on start
stop_rcsim
chmod 644 "$RCSIM_DB"
chmod 755 "$RCSIM_DB.checkpoints"
start_rcsim --control "0.0.0.0:$CTL_PORT" --control-token s3cret
assert_eq "$(mode "$RCSIM_DB")" 600 "database tightened"
rc checkpoint list | grep -q c1 || fail "checkpoint c1 not listed"
assert_eq "$(mode "$RCSIM_DB.checkpoints")" 700 "checkpoint directory tightened"
