#!/bin/sh
# stoprcopygroup -f -nosnap (docs/array-remote-copy.md §2.4, §6.6 item 7): no resync
# snapshot is kept, so the next start is a full sync.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 4M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

rc cli site-a stoprcopygroup -f -nosnap g
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_eq "$(gget site-a g pairs.0.resync_snapshot)" "" "-nosnap keeps no snapshot"
rc cli site-a showvv | grep -q rcpy && fail "rcpy snapshot after -nosnap"
rc io write site-a g_v --offset 100M --length 32K --pattern 2

rc cli site-a startrcopygroup g
assert_eq "$(gget site-a g pairs.0.sync_type)" "full" "full while syncing"
advance_until_synced g
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 258 "a full sync sends every written block"
assert_eq "$(gget site-a g pairs.0.sync_type)" "full" "and it is reported full afterwards"
same_data site-a:g_v site-b:g_v

# a plain stop keeps the snapshot: the next start is a delta
rc cli site-a stoprcopygroup -f g
assert_contains "$(gget site-a g pairs.0.resync_snapshot)" "rcpy."
rc io write site-a g_v --offset 200M --length 16K --pattern 3
rc cli site-a startrcopygroup g
advance_until_synced g
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 1
same_data site-a:g_v site-b:g_v
