#!/bin/sh
# t204: the WSAPI bodies HPE's client documents and the 3PAR Ansible modules
# send (every option, unset ones as null) are accepted, what they set is
# shown, false flags conflict with nothing, unknown members stay refused
# (docs/compatibility.md).
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
/usr/bin/python3 -c 'import requests, paramiko' 2>/dev/null || { echo "skip: requires python3-requests and python3-paramiko"; exit 77; }
requires_own_server
start_rcsim

/usr/bin/python3 "$(dirname "$0")/helpers/consumer_bodies.py" "$RCSIM_URL" "$PORT_OFFSET" ||
    fail "the consumers' bodies"
