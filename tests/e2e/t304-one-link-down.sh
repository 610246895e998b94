#!/bin/sh
# One link of two down (docs/array-remote-copy.md §3.1): the link shows Down, nothing else
# changes: the target stays ready, the group Started, writes replicate.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc cli site-a startrcopygroup g
advance_until_synced g

out=$(rc link down site-a site-b --port 0:3:1)
assert_contains "$out" "0:3:1"
rc clock advance 60s >/dev/null
st=$(rc --json status)
assert_eq "$(echo "$st" | jget remote_copy.0.links.0.status)" "Down" "0:3:1 on site-a"
assert_eq "$(echo "$st" | jget remote_copy.0.links.1.status)" "Up" "1:3:1 on site-a"
assert_eq "$(echo "$st" | jget remote_copy.1.links.0.status)" "Down" "the other end on site-b"
assert_eq "$(echo "$st" | jget remote_copy.0.targets.0.status)" "ready"
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(pair_status site-a g)" "Synced"
rc io write site-a g_v --offset 0 --length 64K --pattern 5
same_data site-a:g_v site-b:g_v

# the rest is link quality only: slower, lossy, still replicating
rc link set site-a site-b --port 1:3:1 --latency 20 --loss 5 --bandwidth 50 >/dev/null
assert_contains "$(rc status)" "latency 20 ms  bandwidth 50 MB/s  loss 5%"
rc clock advance 60s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Started"
rc io write site-a g_v --offset 1M --length 64K --pattern 6
same_data site-a:g_v site-b:g_v

# bad input is refused and changes nothing
expect_status 2 rc link set site-a site-b 2>/dev/null
expect_status 2 rc link set site-a site-b --latency x 2>/dev/null
expect_status 1 rc link down site-a site-b --port 9:9:9 2>/dev/null
expect_status 1 rc link down site-a nosuch 2>/dev/null
expect_status 1 rc link set site-a site-b --bandwidth 0 2>/dev/null
rc link up site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(rc --json status | jget remote_copy.0.links.0.status)" "Up"
