#!/bin/sh
# t202: OpenStack Cinder's 3PAR driver, call for call over WSAPI
# (docs/compatibility.md): a replicated volume with the driver's JSON comment
# document (longer than 255 characters), failover_host, the failback check
# refused until the arrays are recovered and restored, failback, delete;
# and a volume deleted while failed over.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
/usr/bin/python3 -c 'import requests, paramiko' 2>/dev/null || { echo "skip: requires python3-requests and python3-paramiko"; exit 77; }
requires_own_server
start_rcsim

/usr/bin/python3 "$(dirname "$0")/helpers/cinder_rep.py" "$RCSIM_URL" "$PORT_OFFSET" ||
    fail "Cinder's replication sequence"
