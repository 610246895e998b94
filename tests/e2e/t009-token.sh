#!/bin/sh
# With a control token, every request but health and readiness needs
# "Authorization: Bearer <token>" (the scheme in any case); the token may
# come from a file or RCSIM_TOKEN, and one given with --control-token is
# blanked from the process's command line (docs/control-api.md "Token").
. "$(dirname "$0")/lib.sh"
requires_own_server
printf 's3cret\n' >"$E2E_TMP/token"
chmod 600 "$E2E_TMP/token"
start_rcsim --control-token-file "$E2E_TMP/token"

# health and readiness reveal nothing: no token needed
assert_eq "$(ctl_status GET /health)" 200 "health without the token"
assert_eq "$(ctl_status GET /ready)" 200 "ready without the token"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -I "$RCSIM_URL/sim/v1/health")" 200 "HEAD"
assert_eq "$(ctl_status GET /status)" 401
assert_eq "$(ctl_body | jget error)" unauthorized
assert_eq "$(ctl_status GET /no/such/route)" 401 "unknown routes are not told apart"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' \
    "$RCSIM_URL/sim/v1/status")" 401
expect_status 1 rc status 2>/dev/null
for scheme in Bearer bearer BEARER; do
    assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $scheme s3cret" \
        "$RCSIM_URL/sim/v1/status")" 200 "scheme $scheme"
done

export RCSIM_TOKEN=s3cret
rc status >/dev/null
unset RCSIM_TOKEN
rc --token s3cret clock >/dev/null

# an empty or missing token file is a usage error
: >"$E2E_TMP/empty"
expect_status 2 "$RCSIM" serve --db :memory: --control-token-file "$E2E_TMP/empty" 2>/dev/null
expect_status 2 "$RCSIM" serve --db :memory: --control-token-file "$E2E_TMP/nope" 2>/dev/null

# RCSIM_TOKEN for serve; --control-token is blanked from /proc/<pid>/cmdline
stop_rcsim
export RCSIM_TOKEN=envtok
start_rcsim
unset RCSIM_TOKEN
assert_eq "$(ctl_status GET /status)" 401
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer envtok' \
    "$RCSIM_URL/sim/v1/status")" 200 "token from RCSIM_TOKEN"
stop_rcsim
start_rcsim --control-token visible-secret
# (under a wrapper such as valgrind, /proc shows the wrapper's own copy)
tr '\0' ' ' <"/proc/$RCSIM_PID/cmdline" >"$E2E_TMP/cmdline"
if [ -z "$RCSIM_WRAPPER" ] && grep -q visible-secret "$E2E_TMP/cmdline"; then
    fail "the token is in the command line: $(cat "$E2E_TMP/cmdline")"
fi
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer visible-secret' \
    "$RCSIM_URL/sim/v1/status")" 200 "the blanked token still works"
grep -q -- "--control-token is seen" "$E2E_TMP/serve.log" || fail "no warning about the argument"
