#!/bin/sh
# kill -9 in the middle of a bandwidth-limited resync (docs/design.md §2.8): the
# restarted server resumes it, and it completes with equal data.
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 4M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc io write site-a g_v --offset 8M --length 32M --pattern 2      # 2048 blocks
rc link set site-a site-b --bandwidth 1 >/dev/null
rc link up site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc cli site-a startrcopygroup g
rc clock advance 8s >/dev/null
assert_eq "$(pair_status site-a g)" "Syncing"
pct=$(gget site-a g pairs.0.progress_pct)
[ "$pct" -gt 0 ] && [ "$pct" -lt 100 ] || fail "progress $pct% before the kill"
sent=$(gget site-a g pairs.0.blocks_sent)

kill -9 "$RCSIM_PID"
wait "$RCSIM_PID" 2>/dev/null || true
RCSIM_PID=
# shellcheck disable=SC2086
start_rcsim $RCSIM_ARGS

assert_eq "$(pair_status site-a g)" "Syncing" "still syncing after the restart"
[ "$(gget site-a g pairs.0.blocks_sent)" -ge "$sent" ] || fail "progress lost"
assert_eq "$(group_state site-a g)" "Primary/Started"
rc clock advance 1s >/dev/null
advance_until_synced g 200
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 2048 "the delta, sent once in all"
same_data site-a:g_v site-b:g_v
rc cli site-a showvv | grep -q rcpy && fail "snapshot left on site-a"
rc cli site-b showvv | grep -q rcpy && fail "snapshot left on site-b"
exit 0
