#!/bin/sh
# rcsim serve refuses what it cannot serve, with a clear message and exit 1:
# a busy port, a corrupt database, a database from a newer rcsim, a bad
# fixture (the message names the file and the path inside it).
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim

serve() { # runs serve on another control port; prints stderr, returns status
    "$RCSIM" serve --clock manual --port-offset "$((PORT_OFFSET + 7))" "$@" 2>&1 >/dev/null
}

# busy port: the running server's control port
st=0
msg=$(serve --db :memory: --control "127.0.0.1:$CTL_PORT") || st=$?
assert_eq "$st" 1 "busy port exit status"
assert_contains "$msg" "Address already in use"
assert_contains "$msg" "127.0.0.1:$CTL_PORT"
assert_eq "$(ctl GET /health | jget status)" ok "the first server is unharmed"

free=$(( CTL_PORT + 1 ))

# corrupt database
head -c 8192 /dev/urandom >"$E2E_TMP/corrupt.db"
sum=$(sha256sum <"$E2E_TMP/corrupt.db")
st=0
msg=$(serve --db "$E2E_TMP/corrupt.db" --control "127.0.0.1:$free") || st=$?
assert_eq "$st" 1 "corrupt database exit status"
assert_contains "$msg" "corrupt.db"
assert_eq "$(sha256sum <"$E2E_TMP/corrupt.db")" "$sum" "corrupt database untouched"

# a database from a newer rcsim
$PY -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 9999"); c.commit(); c.close()' \
    "$E2E_TMP/newer.db"
sum=$(sha256sum <"$E2E_TMP/newer.db")
st=0
msg=$(serve --db "$E2E_TMP/newer.db" --control "127.0.0.1:$free") || st=$?
assert_eq "$st" 1 "newer database exit status"
assert_contains "$msg" "9999"
assert_eq "$(sha256sum <"$E2E_TMP/newer.db")" "$sum" "newer database untouched"

# bad fixtures
bad_fixture() { # name, content, expected part of the message
    printf '%s' "$2" >"$E2E_TMP/$1"
    st=0
    msg=$(serve --db :memory: --fixture "$E2E_TMP/$1" --control "127.0.0.1:$free") || st=$?
    assert_eq "$st" 1 "bad fixture $1 exit status"
    assert_contains "$msg" "$1"
    assert_contains "$msg" "$3"
}
bad_fixture broken.json '{"arrays": [' "JSON"
rc fixture | $PY -c 'import json, sys
f = json.load(sys.stdin); del f["arrays"][1]["id"]; print(json.dumps(f))' >"$E2E_TMP/noid"
bad_fixture noid.json "$(cat "$E2E_TMP/noid")" "arrays[1]"
rc fixture | $PY -c 'import json, sys
f = json.load(sys.stdin); f["arrays"][0]["cpgs"][1]["raid"] = 7; print(json.dumps(f))' >"$E2E_TMP/raid"
bad_fixture raid.json "$(cat "$E2E_TMP/raid")" "arrays[0].cpgs[1].raid"
st=0
msg=$(serve --db :memory: --fixture "$E2E_TMP/missing.json" --control "127.0.0.1:$free") || st=$?
assert_eq "$st" 1
assert_contains "$msg" "missing.json"

# usage errors
expect_status 2 serve --clock sometimes
expect_status 2 serve --control nonsense
expect_status 2 serve --db :memory: --control "0.0.0.0:$free"
