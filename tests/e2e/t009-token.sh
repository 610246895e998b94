#!/bin/sh
# With a control token, every request needs "Authorization: Bearer <token>".
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim --control-token s3cret

assert_eq "$(ctl_status GET /health)" 401
assert_eq "$(ctl_body | jget error)" unauthorized
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' \
    "$RCSIM_URL/sim/v1/status")" 401
expect_status 1 rc status 2>/dev/null

export RCSIM_TOKEN=s3cret
assert_eq "$(ctl_status GET /health)" 200
rc status >/dev/null
unset RCSIM_TOKEN
rc --token s3cret clock >/dev/null
