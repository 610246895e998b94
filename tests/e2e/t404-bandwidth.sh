#!/bin/sh
# Bandwidth pacing (docs/design.md §2.8): with 1 MB/s links a 64 MiB sync shows
# Syncing (n%) after a partial clock advance and Synced after enough.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 64M --pattern 1
rc link set site-a site-b --bandwidth 1 >/dev/null
assert_contains "$(rc status)" "bandwidth 1 MB/s"
rc cli site-a startrcopygroup g
rc clock advance 10s >/dev/null
assert_eq "$(pair_status site-a g)" "Syncing"
pct=$(gget site-a g pairs.0.progress_pct)
[ "$pct" -gt 0 ] && [ "$pct" -lt 100 ] || fail "progress $pct% after 10 s"
assert_contains "$(rc status)" "g_v -> g_v  Syncing ($pct%)"
assert_contains "$(rc groups site-a g)" "Syncing ($pct%)"
sent=$(gget site-a g pairs.0.blocks_sent)
rc clock advance 5s >/dev/null
[ "$(gget site-a g pairs.0.blocks_sent)" -gt "$sent" ] || fail "no progress in 5 s"
[ "$(gget site-a g pairs.0.progress_pct)" -lt 100 ] || fail "64 MiB at 1 MB/s in 15 s"
advance_until_synced g 200
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 4096
same_data site-a:g_v site-b:g_v
