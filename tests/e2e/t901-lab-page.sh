#!/bin/sh
# The lab view over plain HTTP: the page and its files at / and /lab/
# (embedded, no token needed, a strict content security policy), 404 and
# 405 for the rest; the event stream (token required) sending state,
# events and the lab, and living through a reset; the published lab
# (GET/PUT/DELETE /lab) and its refusals.
. "$(dirname "$0")/lib.sh"
requires_own_server
RCSIM_TOKEN=t901-token
export RCSIM_TOKEN
start_rcsim
u=$RCSIM_URL

page() { curl -s --path-as-is -o "$E2E_TMP/page" -w '%{http_code} %{content_type}' "$u$1"; }
assert_eq "$(page /)" "200 text/html; charset=utf-8"
assert_contains "$(cat "$E2E_TMP/page")" "rcsim lab view"
assert_eq "$(page /lab/)" "200 text/html; charset=utf-8"
assert_eq "$(page /lab/lab.js)" "200 text/javascript; charset=utf-8"
assert_eq "$(page /lab/lab.css)" "200 text/css; charset=utf-8"
assert_eq "$(page /lab/nothing.js)" "404 text/plain; charset=utf-8"
assert_eq "$(page /lab/../sim/v1/status)" "404 text/plain; charset=utf-8"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$u/lab/")" 405
assert_contains "$(curl -sI "$u/")" "Content-Security-Policy: default-src 'self'"
# the page holds no state: the API behind it still needs the token
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "$u/sim/v1/stream")" 401

# the stream: a first state, then each change; a reset replaces the log
# under the same connection
curl -sN -H "Authorization: Bearer $RCSIM_TOKEN" "$u/sim/v1/stream" >"$E2E_TMP/stream" &
reader=$!
cleanup_fn kill $reader
wait_for() {
    i=0
    until grep -q "$1" "$E2E_TMP/stream"; do
        i=$((i + 1))
        [ $i -lt 400 ] || fail "the stream never sent $1: $(tail -c 300 "$E2E_TMP/stream")"
        sleep 0.05
    done
}
wait_for '^event: state'
wait_for '^event: lab'
rc reset >/dev/null
wait_for '"replaced":true'
rc link down site-a site-b >/dev/null
wait_for '"admin_up":false'
rc cli site-a createvv -tpvv FC_r1 streamvol 1g >/dev/null
wait_for '"object":"streamvol"'
kill $reader

# the published lab
assert_eq "$(ctl GET /lab | jget lab)" ""
ctl PUT /lab '{"lab": {"name": "x"}, "progress": {"score": 1}}' >/dev/null
assert_eq "$(ctl GET /lab | jget progress.score)" 1
assert_eq "$(ctl_status PUT /lab '{"lab": 3}')" 400
assert_eq "$(ctl_status PUT /lab '{"lab": {}, "other": 1}')" 400
assert_eq "$(ctl_status PUT /lab '{"lab": {}, "progress": []}')" 400
assert_eq "$(ctl GET /lab | jget progress.score)" 1 "a refused PUT changes nothing"
ctl DELETE /lab >/dev/null
assert_eq "$(ctl GET /lab | jget lab)" ""
