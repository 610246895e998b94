#!/bin/sh
# Peer Persistence (docs/array-remote-copy.md §3.9, docs/behaviour.md): the
# quorum witness is an entity with its own faults; a cut of the links alone
# fails nothing over; the survivor of a lost array fails over when the
# witness agrees; an isolated primary goes Failsafe; the hosts' paths
# (showvlun, WSAPI aluaState) follow the source role.
. "$(dirname "$0")/lib.sh"
start_rcsim

for a in site-a:site-b site-b:site-a; do
    rc cli "${a%%:*}" setrcopytarget witness create 10.9.9.9 "${a#*:}" >/dev/null
    rc cli "${a%%:*}" setrcopytarget witness start "${a#*:}" >/dev/null
done
rc_group g
rc cli site-a setrcopygroup pol auto_failover,path_management g
rc io write site-a g_v --offset 0 --length 1M --pattern 1 >/dev/null
rc cli site-a startrcopygroup g
advance_until_synced g
for a in site-a site-b; do
    rc cli "$a" createhost h1 "$( [ $a = site-a ] && echo 10000000C9000001 || echo 10000000C9000002)" >/dev/null
    rc cli "$a" createvlun g_v 1 h1 >/dev/null
done
assert_contains "$(rc cli site-a showrcopy -qw targets)" " reachable"
assert_eq "$(wsapi site-a GET /vluns | jget members.0.aluaState)" "active"
assert_eq "$(wsapi site-b GET /vluns | jget members.0.aluaState)" "standby"

# the links alone: nothing fails over
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
rc link up site-a site-b >/dev/null
rc clock advance 1s >/dev/null
rc cli site-a startrcopygroup g >/dev/null
advance_until_synced g

# site-a isolated (links and witness): it goes failsafe, site-b takes over
rc witness down --from site-a >/dev/null
assert_contains "$(rc cli site-a showrcopy -qw targets)" "unreachable"
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Failsafe"
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Stopped"
expect_fail rc io write site-a g_v --offset 0 --length 16K --pattern 2 2>/dev/null
rc io write site-b g_v --offset 0 --length 16K --pattern 3 >/dev/null
assert_eq "$(wsapi site-b GET /vluns | jget members.0.aluaState)" "active"
assert_eq "$(wsapi site-a GET /vluns | jget members.0.aluaState)" "unavailable"
rc cli site-b showvlun -a | grep -q ' active ' || fail "showvlun on site-b: $(rc cli site-b showvlun -a)"
assert_eq "$(rc --json events --array site-a | $PY -c '
import json, sys
print(sum(1 for e in json.load(sys.stdin)["events"] if e["kind"] == "witness_changed"))')" 1

# back: recover and restore from site-b bring site-b's data home
rc witness up >/dev/null
rc link up site-a site-b >/dev/null
rc clock advance 1s >/dev/null
rc cli site-b setrcopygroup recover -f g.r101 >/dev/null
advance_until_synced g
same_data site-a:g_v site-b:g_v
rc cli site-b setrcopygroup restore -f g.r101 >/dev/null
rc clock advance 1s >/dev/null
advance_until_synced g
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(wsapi site-a GET /vluns | jget members.0.aluaState)" "active"
expect_status 2 rc witness sideways 2>/dev/null
assert_eq "$(ctl_status POST /witness '{"up": true, "address": "10.0.0.1"}')" 404
exit 0
