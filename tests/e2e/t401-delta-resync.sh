#!/bin/sh
# Delta resync (docs/array-remote-copy.md §3.5, docs/design.md §2.8): while the links are down, N
# distinct 16 KiB blocks change on site-a; the restart sends exactly those
# N blocks, and both sides end with the same data.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 8M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 512 "initial full sync of 8 MiB"

rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"
N=7
# seven distinct blocks: some inside the synced data, some beyond it, one
# written twice (still one block)
for off in 0 16K 1M 4M 100M 500M 1008M; do
    rc io write site-a g_v --offset $off --length 16K --pattern 9
done
rc io write site-a g_v --offset 100M --length 16K --pattern 10

rc link up site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc cli site-a startrcopygroup g
rc clock advance 1s >/dev/null
advance_until_synced g
assert_eq "$(gget site-a g pairs.0.blocks_sent)" $N "blocks sent by the delta resync"
assert_eq "$(gget site-a g pairs.0.blocks_total)" $N
assert_eq "$(gget site-a g pairs.0.sync_type)" "delta"
same_data site-a:g_v site-b:g_v
