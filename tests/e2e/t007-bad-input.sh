#!/bin/sh
# Bad input to the control API gets a JSON error with a fitting status, and
# changes nothing.
. "$(dirname "$0")/lib.sh"
start_rcsim
rc cli site-a createvv -tpvv FC_r1 vv1 1g
gen=$(rc events --json | jget last_id)

err() { # expected-status method path [body]
    _want=$1
    shift
    _got=$(ctl_status "$@")
    [ "$_got" = "$_want" ] || fail "$*: status $_got, wanted $_want: $(ctl_body)"
    ctl_body | jget error >/dev/null || fail "$*: error body is not JSON: $(ctl_body)"
}

# malformed JSON, wrong types, unknown and missing fields
err 400 POST /clock/advance '{"by": '
err 400 POST /clock/advance '[1, 2]'
err 400 POST /clock/advance '{"by": true}'
err 400 POST /clock/advance '{"by": -5}'
err 400 POST /clock/advance '{"by": 1.5}'
err 400 POST /clock/advance '{}'
err 400 POST /clock/advance '{"by": 5, "extra": 1}'
assert_eq "$(ctl_body | jget subject)" extra
err 400 POST /clock/mode '{"mode": "sideways"}'
err 400 POST /clock/mode '{"mode": "real", "scale": "fast"}'
err 400 POST /clock/set '{"time": 5}'
err 400 POST /clock/set '{"time": "yesterday"}'
err 400 POST /arrays/site-a/power '{"on": "no"}'
err 400 POST /arrays/site-a/cli '{"command": 5}'
err 400 POST /arrays/site-a/cli '{"command": "showvv", "input": "y"}'
err 400 POST /arrays/site-a/volumes/vv1/write '{"offset": 0, "length": 4096}'
err 400 POST /arrays/site-a/volumes/vv1/write '{"offset": "1Q", "length": 1, "pattern": 1}'
err 400 POST /arrays/site-a/volumes/vv1/write '{"offset": 0, "data": "not base64!"}'
err 400 POST /arrays/site-a/volumes/vv1/write \
    '{"offset": 0, "length": 1, "pattern": 1, "data": "AA=="}'
err 400 GET '/arrays/site-a/volumes/vv1/read?offset=x&length=1'
err 400 GET '/arrays/site-a/volumes/vv1/read?offset=0'
err 400 GET '/events?since=-1'

# unknown things
err 404 GET /arrays/nosuch
assert_eq "$(ctl_body | jget error)" no_such_array
assert_eq "$(ctl_body | jget subject)" nosuch
err 404 GET /arrays/site-a/volumes/nosuch/digest
assert_eq "$(ctl_body | jget error)" no_such_volume
err 404 POST /arrays/nosuch/cli '{"command": "showvv"}'
err 404 POST /arrays/site-a/cli '{"command": "showvv", "user": "nobody"}'
err 404 GET /nosuch
err 404 GET /
err 404 GET /api/v1/nosuch
err 405 DELETE /clock
err 405 GET /reset

# past the end, huge values
err 400 POST /arrays/site-a/volumes/vv1/write '{"offset": 1073741824, "length": 1, "pattern": 1}'
assert_eq "$(ctl_body | jget error)" io_past_end
err 400 POST /arrays/site-a/volumes/vv1/write \
    '{"offset": 1073741823, "length": 2, "pattern": 1}'
err 400 POST /arrays/site-a/volumes/vv1/write \
    '{"offset": 99999999999999999999999, "length": 1, "pattern": 1}'
err 400 POST /arrays/site-a/volumes/vv1/write \
    '{"offset": 0, "length": 18446744073709551615, "pattern": 1}'
err 413 GET '/arrays/site-a/volumes/vv1/read?offset=0&length=1T'
err 400 POST /clock/advance '{"by": 1e300}'
expect_status 1 rc io write site-a vv1 --offset 1G --length 1 --pattern 1 2>/dev/null
expect_status 2 rc io write site-a vv1 --offset 1Q --length 1 --pattern 1 2>/dev/null
expect_status 1 rc io read site-a nosuch --offset 0 --length 1 2>/dev/null

# a NUL would cut a string short ("a%00b" saved as "a", "3paradm\u0000x"
# run as 3paradm): refused as an illegal character, in the path, the query
# and the body alike
err 400 POST '/checkpoints/a%00b'
assert_eq "$(ctl_body | jget error)" name_bad_char
err 400 POST '/checkpoints/a%zzb'
err 400 GET '/events?limit=1%00'
err 400 GET '/arrays/site-a%00x/volumes'
err 400 POST /arrays/site-a/cli '{"command": "showsys", "user": "3paradm\u0000x"}'
assert_eq "$(ctl_body | jget error)" name_bad_char
err 400 POST /arrays/site-a/cli '{"command": "removevv -f vv1\u0000 x"}'
assert_eq "$(rc --json checkpoint list | jget checkpoints)" "[]"

# a body over the limit is refused before it is read
head -c 2000000 /dev/zero | tr '\0' ' ' >"$E2E_TMP/big"
code=$(curl -sS -o "$E2E_TMP/ctl.body" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' --data-binary @"$E2E_TMP/big" "$RCSIM_URL/sim/v1/clock/advance")
assert_eq "$code" 413

# nothing above changed anything, and the server is still there
assert_eq "$(rc events --json | jget last_id)" "$gen" "refusals must not change state"
assert_eq "$(ctl GET /health | jget status)" ok
