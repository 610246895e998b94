#!/bin/sh
# t203: every field limit of docs/limits.md (marked e2e), at the limit and
# one past it, over WSAPI and the CLI; the table's values are the ones
# tried, so the code and the table cannot drift apart.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
/usr/bin/python3 -c 'import requests' 2>/dev/null || { echo "skip: requires python3-requests"; exit 77; }
requires_own_server
start_rcsim

/usr/bin/python3 "$(dirname "$0")/helpers/limits.py" "$RCSIM_URL" "$PORT_OFFSET" \
    "$(dirname "$0")/../../docs/limits.md" || fail "field limits"
