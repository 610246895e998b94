#!/bin/sh
# Starting rcsim from a script, as a CI job does: --detach returns once
# every listener is up, --free-ports and --one-address put everything on
# 127.0.0.1 on ports the system picks, and --print-env / --ready-file say
# which; rcsim wait polls readiness. A power cycle keeps an array's ports,
# --host-key keeps the SSH key of a :memory: run, and such a run leaves no
# checkpoint directory behind.
. "$(dirname "$0")/lib.sh"
requires_own_server
requires ssh-keyscan

# where everything listens: the ready file and the env lines agree
ready="$E2E_TMP/ready.json"
env=$("$RCSIM" serve --detach --print-env --free-ports --one-address --ready-file "$ready" \
    --db :memory: --clock manual --host-key "$E2E_TMP/hostkey" --log-level info \
    --log-file "$E2E_TMP/serve.log") || fail "serve --detach failed"
eval "$env"
cleanup_fn "kill $RCSIM_PID 2>/dev/null"
kill -0 "$RCSIM_PID" || fail "no server behind RCSIM_PID"
[ -s "$ready" ] || fail "no ready file"
assert_eq "$(jget url <"$ready")" "$RCSIM_URL"
assert_eq "$(jget pid <"$ready")" "$RCSIM_PID"
assert_eq "$(jget arrays.1.wsapi.url <"$ready")" "$RCSIM_SITE_B_WSAPI"
assert_eq "$(jget arrays.1.ssh.port <"$ready")" "$RCSIM_SITE_B_SSH_PORT"
assert_eq "$RCSIM_SITE_B_SSH" "127.0.0.1:$RCSIM_SITE_B_SSH_PORT"
nbd_port=$(jget arrays.1.nbd.port <"$ready")
[ "$nbd_port" -gt 0 ] || fail "no NBD port in the ready report"
assert_eq "$RCSIM_SITE_B_NBD" "nbd://127.0.0.1:$nbd_port"
assert_contains "$RCSIM_SITE_A_WSAPI_HTTPS" "https://127.0.0.1:"
ports=$($PY -c 'import json, sys
r = json.load(open(sys.argv[1]))
ps = [r["url"].rsplit(":", 1)[1]]
for a in r["arrays"]:
    assert a["wsapi"]["address"] == a["ssh"]["address"] == "127.0.0.1", a
    ps += [a["wsapi"]["http"], a["wsapi"]["https"], a["ssh"]["port"]]
print(len(ps), len(set(map(int, ps))), min(map(int, ps)))' "$ready")
assert_eq "${ports% *}" "7 7" "seven listeners on seven distinct ports"
[ "${ports##* }" -gt 1024 ] || fail "a port the system did not pick: $ports"

# every interface answers at once, and agrees on the ports
rc wait --timeout 5s
assert_eq "$(rc --json status | jget arrays.1.name)" site-b
http=${RCSIM_SITE_B_WSAPI%/api/v1}
assert_eq "$(ctl GET /arrays/site-b | jget wsapi.http)" "${http##*:}"
code=$(curl -s -o /dev/null -w '%{http_code}' "$RCSIM_SITE_B_WSAPI/system")
assert_eq "$code" 401 "the WSAPI of site-b answers (a session is needed)"
assert_contains "$(rc cli site-b showwsapi)" "$RCSIM_SITE_B_WSAPI_HTTPS"
key1=$(ssh-keyscan -p "$RCSIM_SITE_B_SSH_PORT" 127.0.0.1 2>/dev/null | awk '{print $3}')
[ -n "$key1" ] || fail "no SSH on $RCSIM_SITE_B_SSH"

# a power cycle listens on the same ports again
rc array down site-b >/dev/null
rc array up site-b >/dev/null
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$RCSIM_SITE_B_WSAPI/system")" = 401 ]; do
    i=$((i + 1)); [ $i -le 100 ] || fail "site-b's WSAPI is not back on its port"; sleep 0.05
done
assert_eq "$(ctl GET /arrays/site-b | jget ssh.port)" "$RCSIM_SITE_B_SSH_PORT"

# a :memory: run keeps nothing on disk: its checkpoints go with it
rc checkpoint save before >/dev/null
[ -d "${TMPDIR:-/tmp}/rcsim-checkpoints-$RCSIM_PID" ] || fail "no checkpoint directory"
kill "$RCSIM_PID"
i=0
while kill -0 "$RCSIM_PID" 2>/dev/null; do
    i=$((i + 1)); [ $i -le 200 ] || fail "the server did not stop"; sleep 0.05
done
[ -d "${TMPDIR:-/tmp}/rcsim-checkpoints-$RCSIM_PID" ] && fail "checkpoints left behind"
[ -e "$ready" ] && fail "the ready file outlived the server"
assert_contains "$(cat "$E2E_TMP/serve.log")" "signal 15: shutting down"

# --host-key: the next :memory: run presents the same SSH host key
pid=$("$RCSIM" serve --detach --free-ports --one-address --ready-file "$ready" \
    --db :memory: --host-key "$E2E_TMP/hostkey")
cleanup_fn "kill $pid 2>/dev/null"
port=$(jget arrays.1.ssh.port <"$ready")
key2=$(ssh-keyscan -p "$port" 127.0.0.1 2>/dev/null | awk '{print $3}')
assert_eq "$key2" "$key1" "the host key changed between runs"
RCSIM_URL=$(jget url <"$ready") "$RCSIM" wait
kill "$pid"

# --control ADDR:0 alone prints the port it got; a failing start in the
# background exits with the error, no PID
out=$("$RCSIM" serve --detach --print-env --db :memory: --control 127.0.0.1:0 \
    --port-offset "$((20000 + $$ % 9000))")
eval "$out"
case $RCSIM_URL in *:0) fail "port 0 reported: $RCSIM_URL" ;; esac
rc wait
kill "$RCSIM_PID"
st=0
msg=$("$RCSIM" serve --detach --free-ports --db "$E2E_TMP/no/such/dir/x.db" 2>&1) || st=$?
assert_eq "$st" 1 "a failed start in the background"
assert_contains "$msg" "no/such/dir"

# rcsim wait gives up when nothing answers, saying so
st=0
msg=$("$RCSIM" --server http://127.0.0.1:1 wait --timeout 300ms 2>&1) || st=$?
assert_eq "$st" 1
assert_contains "$msg" "was not ready within 300ms"
expect_status 2 "$RCSIM" wait --timeout 5

# the CI example of docs/ci.md runs as written
eval "$("$RCSIM" serve --detach --print-env --free-ports --one-address --db :memory: \
    --clock manual)"
cleanup_fn "kill $RCSIM_PID 2>/dev/null"
out=$(RCSIM="$RCSIM" sh "$(dirname "$0")/../../docs/ci/failover-test.sh") ||
    fail "docs/ci/failover-test.sh failed: $out"
assert_eq "$out" "failover test passed"
kill "$RCSIM_PID"
