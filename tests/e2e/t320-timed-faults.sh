#!/bin/sh
# Faults timed on the simulated clock: "cut at T+5m, restore 90 s later"
# happens during the clock moves, at its own moment, and the arrays react
# as to a real outage (targets fail, the group stops, auto_recover
# restarts it); a named schedule from a file (a one-way slowdown, a power
# cut with jitter) runs the same way; a bad schedule is refused whole, and
# cancel drops what is to come.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc cli site-a setrcopygroup pol auto_recover g >/dev/null
rc cli site-a startrcopygroup g >/dev/null
advance_until_synced g

# one cut: scheduled, then only the clock moves
rc link down site-a site-b --at +5m --for 90s --name wan >/dev/null
tl=$(rc timeline)
assert_contains "$tl" "wan"
assert_contains "$tl" "link site-a <-> site-b down (change)"
assert_contains "$tl" "link site-a <-> site-b up (restore)"
t0=$(rc clock --json | jget now_ms)
assert_eq "$(rc --json timeline | jget faults.1.due_ms)" "$((t0 + 390000))" "restore at T+6m30s"
rc clock advance 4m59s >/dev/null
assert_eq "$(rc --json status | jget remote_copy.0.links.0.admin_up)" true "cut too early"
# one move across the cut and the timeouts: the group stops 20 s after
# the cut, inside the move
rc clock advance 30s >/dev/null
assert_eq "$(rc --json status | jget remote_copy.0.links.0.admin_up)" false
assert_eq "$(rc --json status | jget remote_copy.0.targets.0.status)" failed
assert_eq "$(group_state site-a g)" "Primary/Stopped"
rc io write site-a g_v --offset 0 --length 64K --pattern 3
rc clock advance 61s >/dev/null
assert_eq "$(rc --json status | jget remote_copy.0.links.0.admin_up)" true "restored"
assert_contains "$(rc timeline)" "no timed faults to come"
advance_until_synced g 60
same_data site-a:g_v site-b:g_v
assert_eq "$(rc events --limit 10000 | grep -c 'timed_fault .*wan: link')" 2

# a named schedule from a file: a one-way slowdown, a power cut with
# jitter; every "at" counts from the load
cat >"$E2E_TMP/plan.json" <<'JSON'
{"name": "drill", "steps": [
 {"at": "+1m", "for": "2m", "link": "set", "a": "site-a", "b": "site-b",
  "latency_ms": 80, "one_way": true},
 {"at": "+10m", "jitter": "30s", "for": "1m", "power": "off", "array": "site-b"}]}
JSON
rc timeline load "$E2E_TMP/plan.json" >/dev/null
t0=$(rc clock --json | jget now_ms)
off=$(rc --json timeline | jget faults.2.due_ms)
[ "$off" -ge "$((t0 + 600000))" ] && [ "$off" -le "$((t0 + 630000))" ] ||
    fail "the power cut is not within its jitter: $off"
rc clock advance 1m >/dev/null
st=$(rc --json status)
assert_eq "$(echo "$st" | jget remote_copy.0.links.0.latency_ms)" 80 "site-a's side slowed"
assert_eq "$(echo "$st" | jget remote_copy.1.links.0.latency_ms)" 1 "one way: site-b's untouched"
rc clock advance 2m >/dev/null
assert_eq "$(rc --json status | jget remote_copy.0.links.0.latency_ms)" 1 "for: back as it was"
rc clock advance "$((off - t0 - 180000))ms" >/dev/null
assert_eq "$(rc --json status | jget arrays.1.power)" off
rc clock advance 1m >/dev/null
assert_eq "$(rc --json status | jget arrays.1.power)" on

# refused whole: a step naming an array that does not exist
cat >"$E2E_TMP/bad.json" <<'JSON'
{"name": "bad", "steps": [
 {"at": "+1m", "link": "down", "a": "site-a", "b": "site-b"},
 {"at": "+2m", "power": "off", "array": "site-z"}]}
JSON
expect_status 1 rc timeline load "$E2E_TMP/bad.json" 2>/dev/null
assert_contains "$(rc timeline)" "no timed faults to come"
expect_status 2 rc link down site-a site-b --at soon
expect_status 2 rc link down site-a site-b --for 90

# cancel: by name, or one change by id
rc link down site-a site-b --at +1h --for 1m --name later >/dev/null
rc array down site-b --at +2h >/dev/null
id=$(rc --json timeline | jget faults.2.id)
rc timeline cancel later >/dev/null
rc timeline cancel "$id" >/dev/null
assert_contains "$(rc timeline)" "no timed faults to come"
expect_status 1 rc timeline cancel later 2>/dev/null
