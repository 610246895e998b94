#!/bin/sh
# Mirrored configuration never diverges (docs/array-remote-copy.md §1.1; docs/behaviour.md
# §Remote copy): with mirror_config, a change that must reach the peer is
# refused while the peer cannot be reached (policies, period, mode, CPGs,
# dismissal), over the CLI and WSAPI, and refusals are in the event log.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g g_v1 g_v2
rc io write site-a g_v1 --offset 0 --length 1M --pattern 1 >/dev/null
rc cli site-a startrcopygroup g
advance_until_synced g
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"

for cmd in "setrcopygroup pol auto_recover g" "setrcopygroup mode periodic site-b g" \
           "setrcopygroup snp_cpg FC_r1 site-b:FC_r1 g" "dismissrcopyvv -f g_v2 g"; do
    out=$(rc cli site-a $cmd 2>&1) && fail "accepted while the peer is unreachable: $cmd"
    assert_contains "$out" "Target site-b is not up and ready" "$cmd"
done
wsapi site-a PUT /remotecopygroups/g \
    '{"targets": [{"targetName": "site-b", "policies": {"autoRecover": true}}]}' >/dev/null &&
    fail "WSAPI modify accepted while the peer is unreachable"
assert_eq "$WSAPI_STATUS" 403
assert_eq "$(jget code <"$E2E_TMP/wsapi.body")" 196
for a in site-a:g site-b:g.r101; do
    assert_eq "$(gget ${a%%:*} ${a#*:} policies)" "[]" "no policy on $a"
    assert_eq "$(gget ${a%%:*} ${a#*:} mode)" "Sync" "mode on $a"
    assert_eq "$(rc --json groups ${a%%:*} ${a#*:} | jget pairs | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2 "pairs on $a"
done
# each refusal left its trace in site-a's event log, none in site-b's
assert_eq "$(rc --json events --array site-a | $PY -c '
import json, sys
print(sum(1 for e in json.load(sys.stdin)["events"] if e["kind"] == "command_refused"))')" 5
out=$(rc cli site-a showeventlog -oneline -msg '*not up and ready*')
assert_contains "$out" "command_refused"
case $(rc cli site-b showeventlog -oneline) in *command_refused*) fail "logged on site-b" ;; esac

# with the peer back, the same changes reach both sides
rc link up site-a site-b >/dev/null
rc clock advance 1s >/dev/null
rc cli site-a setrcopygroup pol auto_recover g
wsapi site-a PUT /remotecopygroups/g \
    '{"targets": [{"targetName": "site-b", "policies": {"autoRecover": true}}]}' >/dev/null
for a in site-a:g site-b:g.r101; do
    assert_contains "$(gget ${a%%:*} ${a#*:} policies)" "auto_recover" "mirrored to $a"
done
rc cli site-a dismissrcopyvv -f g_v2 g >/dev/null
assert_eq "$(rc --json groups site-b g.r101 | jget pairs | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1 "dismissal mirrored"

# no_mirror_config is the way to change one side alone (the Cinder clean-up)
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc cli site-a setrcopytarget pol no_mirror_config site-b >/dev/null
rc cli site-a setrcopygroup pol no_auto_recover g
assert_eq "$(gget site-a g policies)" "[]"
assert_contains "$(gget site-b g.r101 policies)" "auto_recover" "the peer keeps its own"
exit 0
