#!/bin/sh
# Every change shows in the event log; since/array filters; a long poll
# returns as soon as an event arrives.
. "$(dirname "$0")/lib.sh"
start_rcsim

last=$(rc events --json | jget last_id)
rc cli site-a createvv -tpvv FC_r1 evvol 1g
ev=$(rc events --since "$last")
assert_contains "$ev" "evvol"
assert_contains "$ev" "site-a"
rc cli site-b createvv -tpvv FC_r1 other 1g
assert_contains "$(rc events --since "$last" --array site-b)" other
case $(rc events --since "$last" --array site-a) in *other*) fail "array filter";; esac

# long poll: a waiting request returns when the event happens (events
# after 'since' count even if they come before the request arrives)
last=$(rc events --json | jget last_id)
curl -sS "$RCSIM_URL/sim/v1/events?since=$last&wait=20" >"$E2E_TMP/poll" &
poller=$!
cleanup_fn "kill $poller 2>/dev/null"
rc cli site-a createvv -tpvv FC_r1 polled 1g
wait $poller
assert_contains "$(cat "$E2E_TMP/poll")" polled

# and with nothing new, wait=0 answers at once with an empty list
last=$(rc events --json | jget last_id)
assert_eq "$(ctl GET "/events?since=$last" | jget events)" "[]"
assert_eq "$(ctl GET "/events?since=$last" | jget last_id)" "$last"
