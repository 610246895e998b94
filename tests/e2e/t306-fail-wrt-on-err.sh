#!/bin/sh
# fail_wrt_on_err (docs/array-remote-copy.md §1.6, §3.2): host writes to the primary are
# refused while the links are down, so the mirror never diverges.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc cli site-a setrcopygroup pol fail_wrt_on_err g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"
expect_status 1 rc io write site-a g_v --offset 0 --length 16K --pattern 2 2>/dev/null
same_data site-a:g_v site-b:g_v

rc link up site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc cli site-a startrcopygroup g
advance_until_synced g
rc io write site-a g_v --offset 0 --length 16K --pattern 3
same_data site-a:g_v site-b:g_v
