#!/bin/sh
# t803: what the HTTP listeners (WSAPI and control API) do with broken or
# hostile clients (docs/behaviour.md "Security"): an ambiguous length or a
# missing Host is 400 before anything is read, HEAD is GET without a body,
# a connection that is silent or slow to send its request is closed (and a
# half-sent TLS handshake costs no CPU while it waits), and one address
# gets a bounded number of connections while others are served. The time
# limits run on the wall clock; they are set short here.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
requires_own_server
start_rcsim --request-timeout 600ms --idle-timeout 1s

H="$(dirname "$0")/helpers"
abuse() { $PY "$H/http_abuse.py" "$@"; }
WSP=$((8008 + PORT_OFFSET))
WS="http://127.0.0.1:$WSP/api/v1"

# 1. framing: two lengths, a length beside chunked, HTTP/1.1 without Host;
#    each request would be a valid one if read as either length said
CRED='{"user":"3paradm","password":"3pardata"}'
BY='{"by":"1h"}'
frame() { # PORT PATH BODY: the status of the three broken requests
    _n=$(printf %s "$3" | wc -c)
    abuse status "$1" "POST $2 HTTP/1.1\r\nHost: x\r\nContent-Length: $_n\r\nContent-Length: 2\r\n\r\n$3"
    abuse status "$1" "POST $2 HTTP/1.1\r\nHost: x\r\nContent-Length: $_n\r\nTransfer-Encoding: chunked\r\n\r\n$(printf %x "$_n")\r\n$3\r\n0\r\n\r\n"
    abuse status "$1" "POST $2 HTTP/1.1\r\nContent-Length: $_n\r\n\r\n$3"
}
before=$(rc clock | grep -i now || true)
out=$(frame "$WSP" /api/v1/credentials "$CRED")
assert_eq "$out" "$(printf 'HTTP/1.1 400 Bad Request\nHTTP/1.1 400 Bad Request\nHTTP/1.1 400 Bad Request')" "WSAPI framing"
out=$(RCSIM_TOKEN= frame "$CTL_PORT" /sim/v1/clock/advance "$BY")
assert_eq "$out" "$(printf 'HTTP/1.1 400 Bad Request\nHTTP/1.1 400 Bad Request\nHTTP/1.1 400 Bad Request')" "control API framing"
assert_eq "$(rc clock | grep -i now || true)" "$before" "a refused request moved the clock"
KEY=$(curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary '{"user":"3paradm","password":"3pardata"}' "$WS/credentials" | jget key)
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' -I -H "X-Hp3Par-Wsapi-Sessionkey: $KEY" \
    "$WS/system")" 200 "HEAD on the WSAPI"
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' -I "$WS/system")" 401 "HEAD, no session"

# 2. time limits: silence, and a request trickled one byte at a time
#    (which silence alone never ends)
abuse idle "$WSP" 1000 >/dev/null || fail "WSAPI idle connection"
abuse idle "$CTL_PORT" 1000 >/dev/null || fail "control API idle connection"
abuse slow "$WSP" 600 >/dev/null || fail "WSAPI trickled request"
abuse slow "$CTL_PORT" 600 >/dev/null || fail "control API trickled request"
abuse idle "$((8080 + PORT_OFFSET))" 1000 >/dev/null || fail "HTTPS, bare TCP"
abuse slowtls "$((8080 + PORT_OFFSET))" 600 >/dev/null || fail "HTTPS, trickled handshake"
[ -n "$RCSIM_WRAPPER" ] ||      # (a wrapper such as valgrind is busy on its own)
    abuse spin "$((8080 + PORT_OFFSET))" "$RCSIM_PID" >/dev/null || fail "HTTPS handshake spin"

# 3. one address gets 128 connections to a WSAPI listener (64 to the
#    control API); the others are closed at once, and other addresses
#    are served meanwhile (default time limits, so that none runs out)
stop_rcsim
start_rcsim
KEY=$(curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary '{"user":"3paradm","password":"3pardata"}' "$WS/credentials" | jget key)
abuse cap "$WSP" 127.0.0.3 132 128 >/dev/null || fail "WSAPI per-address cap"
assert_eq "$(curl -sS -o /dev/null -w '%{http_code}' -H "X-Hp3Par-Wsapi-Sessionkey: $KEY" \
    "$WS/system")" 200 "another address is served"
abuse cap "$CTL_PORT" 127.0.0.4 68 64 >/dev/null || fail "control API per-address cap"
assert_eq "$(ctl_status GET /health)" 200
