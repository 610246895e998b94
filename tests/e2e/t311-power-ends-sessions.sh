#!/bin/sh
# t309: a power change shows on every interface by the time the control
# command returns (docs/behaviour.md "Security"): after `rcsim array
# reboot` the array's old WSAPI keys get 401 and its open SSH
# connections are gone; after `rcsim array down` its ports refuse at
# once; after `up` a new login works at once. Repeated, since a race
# shows only now and then.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3 sshpass ssh
$PY -c 'import paramiko' 2>/dev/null || { echo "skip: requires paramiko"; exit 77; }
start_rcsim

H="$(dirname "$0")/helpers"
WS=$((8008 + PORT_OFFSET))
SSH=$((2222 + PORT_OFFSET))
power() { $PY "$H/power_sessions.py" "$RCSIM" "$RCSIM_URL" "$@"; }

for i in 1 2 3 4 5; do
    power site-a 127.0.0.1 "$WS" "$SSH" reboot >/dev/null || fail "reboot, round $i"
    power site-b 127.0.0.2 "$WS" "$SSH" down >/dev/null || fail "down, round $i"
    rc array up site-b >/dev/null
    # at once: the listeners are back
    sshpass -p 3pardata ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o LogLevel=ERROR -p "$SSH" 3paradm@127.0.0.2 showsys >/dev/null ||
        fail "ssh right after up, round $i"
done
grep -q "ssh listener closed" "$E2E_TMP/serve.log" || fail "no listener closed"
