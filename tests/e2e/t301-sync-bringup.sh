#!/bin/sh
# Sync bring-up (docs/array-remote-copy.md §6.6 item 1): creatercopygroup on site-a makes
# the peer g.r101 on site-b, admitrcopyvv -createvv makes the secondary,
# startrcopygroup syncs it fully, and a host write on site-a reaches
# site-b at once.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc io write site-a g_v --offset 0 --length 1M --pattern 1 2>/dev/null && fail "no g_v yet"
rc_group g
assert_eq "$(group_state site-a g)" "Primary/New"
assert_eq "$(group_state site-b g.r101)" "Secondary/New" "the peer group exists"
assert_eq "$(gget site-b g.r101 peer_group)" "g"
assert_eq "$(pair_status site-a g)" "New"
rc cli site-b showvv g_v | grep -q g_v || fail "the secondary volume was not created"

rc io write site-a g_v --offset 0 --length 4M --pattern 1
rc io write site-a g_v --offset 512M --length 64K --pattern 2
rc cli site-a startrcopygroup g
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
advance_until_synced g
assert_eq "$(pair_status site-b g.r101)" "Synced"
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 260 "the first sync sends every written block"
assert_eq "$(gget site-a g pairs.0.sync_type)" "full" "the first sync is full"
same_data site-a:g_v site-b:g_v

# a write on the primary reaches the secondary synchronously
rc io write site-a g_v --offset 1M --length 16K --pattern 3
same_data site-a:g_v site-b:g_v
# the secondary is not writable by hosts
expect_fail rc io write site-b g_v --offset 0 --length 16K --pattern 4 2>/dev/null
same_data site-a:g_v site-b:g_v

# the overview shows it all
st=$(rc status)
assert_contains "$st" "target site-b (array site-b) ready"
assert_contains "$st" "group g Primary/Started Sync"
assert_contains "$st" "group g.r101 Secondary/Started Sync"
assert_contains "$st" "g_v -> g_v  Synced"
