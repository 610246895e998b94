#!/bin/sh
# A 16 TiB volume resyncs like a small one: the initial sync and the delta
# cost the written blocks, never the volume size (docs/design.md §2.3, §2.8).
. "$(dirname "$0")/lib.sh"
start_rcsim

RC_SIZE=16t rc_group big
rc io write site-a big_v --offset 0 --length 1M --pattern 1
rc io write site-a big_v --offset 8T --length 1M --pattern 2
rc io write site-a big_v --offset 16383G --length 16K --pattern 3
rc cli site-a startrcopygroup big
advance_until_synced big 120
assert_eq "$(gget site-a big pairs.0.blocks_sent)" 129 "initial sync: the written blocks only"
same_data site-a:big_v site-b:big_v

rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
for off in 1T 2T 3T 15T 16383G; do
    rc io write site-a big_v --offset $off --length 16K --pattern 4
done
rc link up site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc cli site-a startrcopygroup big
advance_until_synced big 60
assert_eq "$(gget site-a big pairs.0.blocks_sent)" 5 "delta of 5 blocks on 16 TiB"
same_data site-a:big_v site-b:big_v
