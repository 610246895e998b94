#!/bin/sh
# The shipped labs (labs/*.json), each run end to end: `rcsim lab run
# --start-only` sets it up, `rcsim lab check` fails before the student
# acts, a scripted student solves it, and `rcsim lab check` then passes
# with the full score. One lab is also followed by `rcsim lab run` to its
# end. Bad lab files are refused with a usage error before anything is
# sent.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
labs=$root/labs
start_rcsim

solve_link_cycle() {
    rc clock advance 1m >/dev/null
    rc clock advance 30s >/dev/null                 # heartbeat and target timeouts
    assert_eq "$(group_state site-a g)" "Primary/Stopped"
    rc io write site-a g_v --offset 4M --length 256K --pattern 2 >/dev/null
    rc clock advance 3m >/dev/null                  # the link is back
    rc cli site-a startrcopygroup g >/dev/null
    advance_until_synced g
}

solve_planned_failover() {
    rc cli site-a stoprcopygroup -f g >/dev/null
    rc cli site-b setrcopygroup failover -f g.r101 >/dev/null
    rc io write site-b g_v --offset 2M --length 64K --pattern 2 >/dev/null
    rc cli site-b setrcopygroup recover -f g.r101 >/dev/null
    advance_until_synced g
    rc cli site-b setrcopygroup restore -f g.r101 >/dev/null
    rc clock advance 1s >/dev/null
    advance_until_synced g
}

solve_site_loss() {
    rc clock advance 1m30s >/dev/null               # site-a off, target failed
    rc cli site-b setrcopygroup failover -f g.r101 >/dev/null
    rc io write site-b g_v --offset 4M --length 32K --pattern 2 >/dev/null
    rc clock advance 10m >/dev/null                 # site-a back
    rc cli site-b setrcopygroup recover -f g.r101 >/dev/null
    advance_until_synced g
    rc cli site-b setrcopygroup restore -f g.r101 >/dev/null
    rc clock advance 1s >/dev/null
    advance_until_synced g
}

solve_periodic_rpo() {
    rc cli site-a setrcopygroup period 5m site-b p >/dev/null
    rc cli site-a startrcopygroup p >/dev/null
    advance_until_synced p
    for i in 1 2 3 4 5 6; do
        rc io write site-a p_v --offset $((i * 1024 * 1024)) --length 16K --pattern $i >/dev/null
        rc clock advance 5m >/dev/null
    done
    advance_until_synced p
}

for lab in link-cycle planned-failover site-loss periodic-rpo; do
    rc lab run "$labs/$lab.json" --start-only >"$E2E_TMP/$lab.run"
    assert_contains "$(cat "$E2E_TMP/$lab.run")" "lab $lab:"
    assert_eq "$(ctl GET /lab | jget lab.name)" "$lab" "published for the lab view"
    expect_status 1 rc lab check "$labs/$lab.json" >"$E2E_TMP/$lab.before"
    "solve_$(echo $lab | tr - _)"
    rc lab check "$labs/$lab.json" >"$E2E_TMP/$lab.after" ||
        fail "$lab not solved: $(cat "$E2E_TMP/$lab.after")"
    total=$(rc --json lab check "$labs/$lab.json" | jget total)
    assert_eq "$(rc --json lab check "$labs/$lab.json" | jget score)" "$total" "$lab: full score"
    assert_eq "$(ctl GET /lab | jget progress.done)" "true" "$lab: the page shows it done"
done

# followed to its end: rcsim lab run returns 0 once every goal holds
rc lab run "$labs/planned-failover.json" --timeout 5m >"$E2E_TMP/follow.out" 2>&1 &
follower=$!
cleanup_fn kill $follower
i=0
until grep -q '^score:' "$E2E_TMP/follow.out"; do
    i=$((i + 1))
    [ $i -lt 400 ] || fail "lab run did not start: $(cat "$E2E_TMP/follow.out")"
    sleep 0.05
done
assert_eq "$(ctl GET /lab | jget lab.name)" planned-failover
solve_planned_failover
wait $follower || fail "lab run did not end well: $(cat "$E2E_TMP/follow.out")"
assert_contains "$(cat "$E2E_TMP/follow.out")" "every goal holds: score 90 of 90"
assert_contains "$(cat "$E2E_TMP/follow.out")" "goal held: g.r101 was failed over"

# bad files: usage errors, nothing sent
printf '{"name": "x", "goals": [{"text": "t", "check": {"nope": 1}}]}' >"$E2E_TMP/bad1.json"
expect_status 2 rc lab check "$E2E_TMP/bad1.json" 2>"$E2E_TMP/bad.err"
assert_contains "$(cat "$E2E_TMP/bad.err")" "goals[0]"
printf '{"name": "x", "goals": [], "extra": 1}' >"$E2E_TMP/bad2.json"
expect_status 2 rc lab run "$E2E_TMP/bad2.json" 2>"$E2E_TMP/bad.err"
assert_contains "$(cat "$E2E_TMP/bad.err")" "extra"
printf 'not json' >"$E2E_TMP/bad3.json"
expect_status 2 rc lab run "$E2E_TMP/bad3.json" 2>/dev/null
expect_status 2 rc lab check "$E2E_TMP/missing.json" 2>/dev/null
expect_status 2 rc lab frob "$labs/link-cycle.json" 2>/dev/null
