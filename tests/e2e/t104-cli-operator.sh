#!/bin/sh
# t104: the commands an operator or a training lab types (docs/cli.md):
# VLUNs made on the CLI and on WSAPI are the same objects (createvlun,
# showvlun -a/-t/-host/-v, removevlun); showalert after a link failure;
# srstatrcopy from the bytes a sync sent; checkrclink over the simulated
# link; showuser; a physical copy as a task (createvvcopy, showtask,
# canceltask, -r).
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
start_rcsim

wsapi() {
    # wsapi METHOD PATH [JSON]: one call as 3paradm on site-a; prints the body
    $PY - "$PORT_OFFSET" "$@" <<'PYEOF'
import json, sys, requests
off, method, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
url = "http://127.0.0.1:%d/api/v1" % (8008 + off)
key = requests.post(url + "/credentials", json={"user": "3paradm", "password": "3pardata"}).json()["key"]
r = requests.request(method, url + path, headers={"X-Hp3Par-Wsapi-Sessionkey": key},
                     json=json.loads(sys.argv[4]) if len(sys.argv) > 4 else None)
print(r.status_code, r.text)
PYEOF
}

# ---- VLUNs ---------------------------------------------------------------
rc cli site-a createhost h1 1000000000000001 1000000000000002 >/dev/null
rc cli site-a createvv -tpvv FC_r1 v1 1g >/dev/null
rc cli site-a createvv -tpvv FC_r1 v2 1g >/dev/null
rc cli site-a createvlun v1 5 h1
out=$(wsapi GET '/vluns?query="volumeName EQ v1"')
assert_contains "$out" '"lun":5'
assert_contains "$out" '"hostname":"h1"'
out=$(wsapi POST /vluns '{"volumeName": "v2", "lun": 7, "hostname": "h1"}')
assert_contains "$out" "201"
rc cli site-a createvlun v2 9 0:1:1
out=$(rc cli site-a showvlun)
assert_contains "$out" "Active VLUNs"
assert_contains "$out" "VLUN Templates"
assert_contains "$out" "  5 v1     h1       1000000000000001      0:1:1 host active"
assert_contains "$out" "  7 v2     h1       ----------------      ---   host"
assert_contains "$out" "  9 v2     ----     ----------------      0:1:1 port"
# two paths through two FC ports for each of the two host VLUNs
assert_contains "$out" "  8 total"
out=$(rc cli site-a showvlun -t -v v2)
assert_contains "$out" "  2 total"
case $out in *Active*) fail "-t shows templates only: $out" ;; esac
out=$(rc cli site-a showvlun -a -host h1 -csvtable -nohdtot)
assert_eq "$(printf '%s\n' "$out" | wc -l)" 8 "showvlun -a -host h1: one row per path and port"
assert_contains "$out" "5,v1,h1,1000000000000002,1:1:1,host,active"
expect_status 1 rc cli site-a createvlun v1 5 h1          # the LUN is taken
expect_status 1 rc cli site-a createvlun nosuch 1 h1
expect_status 1 rc cli site-a removevv -f v1             # exported
rc cli site-a removevlun v1 5 h1
out=$(wsapi DELETE /vluns/v1,5,h1)
assert_contains "$out" "404"
out=$(wsapi DELETE /vluns/v2,9,,0:1:1)
assert_contains "$out" "200"
out=$(rc cli site-a showvlun -t)
assert_contains "$out" "  1 total"

# ---- users ------------------------------------------------------------------
out=$(rc cli site-a showuser)
assert_contains "$out" "Username Domain Role   Default"
assert_contains "$out" "3paradm  all    super  N"
out=$(rc cli --user browse site-a showuser -csvtable edit)
assert_eq "$out" "Username,Domain,Role,Default
edit,all,edit,N"

# ---- a physical copy takes time ----------------------------------------------
rc io write site-a v2 --offset 0 --length 600M --pattern 4 >/dev/null
out=$(rc cli site-a createvvcopy -p v2 -online -tpvv FC_r5 v3)
assert_contains "$out" "Copy was started. child = v3, parent = v2, task ID = "
task=${out##*= }
out=$(rc cli site-a showtask "$task")
assert_contains "$out" "online_copy v3"
assert_contains "$(rc cli site-a showtask -csvtable "$task")" ",online_copy,v3,active,1/1,0/600,"
rc clock advance 2s >/dev/null                    # start-up, then 300 MiB/s
assert_contains "$(rc cli site-a showtask -csvtable "$task")" ",active,1/1,300/600,"
expect_status 1 rc cli site-a removevv -f v3      # copying
rc cli site-a canceltask -f "$task"
out=$(rc cli site-a showtask -d "$task")
assert_contains "$out" "cancelled"
assert_contains "$out" "Task cancelled."
rc cli site-a removevv -f v3
rc cli site-a createvv -tpvv FC_r1 v4 1g >/dev/null
out=$(rc cli site-a createvvcopy -p v2 -s v4)
task=${out##*= }
rc clock advance 3s >/dev/null
assert_contains "$(rc cli site-a showtask -csvtable "$task")" ",vv_copy,v2->v4,done,"
assert_eq "$(rc io digest site-a v4)" "$(rc io digest site-a v2)" "the copy holds the data"
rc io write site-a v2 --offset 0 --length 3M --pattern 5 >/dev/null
out=$(rc cli site-a createvvcopy -r v4)
assert_contains "$out" "Resynchronization was started. child = v4"
task=${out##*= }
assert_contains "$(rc cli site-a showtask -csvtable "$task")" ",phys_copy_resync,v2->v4,active,1/1,0/3,"
rc clock advance 1s >/dev/null
assert_eq "$(rc io digest site-a v4)" "$(rc io digest site-a v2)" "a resync sends the changes"
expect_status 1 rc cli site-a createvvcopy -halt v4   # nothing runs

# ---- replication: bytes per link and group, alerts, link tests ---------------
rc_group g1 >/dev/null
rc cli site-a startrcopygroup g1
rc io write site-a g1_v --offset 0 --length 64M --pattern 6 >/dev/null
advance_until_synced g1
out=$(rc cli site-a srstatrcopy -groupby GROUP_NAME)
assert_contains "$out" "Time"
assert_contains "$out" " g1 "
assert_contains "$out" " 65536 "                  # KBytes: the 64 MiB the sync sent
out=$(rc cli site-a srstatrcopy -csvtable -nohdtot)
assert_contains "$out" ",site-b,0:3:1,10.1.1.21,32768,"
assert_contains "$out" ",site-b,1:3:1,10.1.1.22,32768,"
assert_eq "$(rc cli site-b srstatrcopy -csvtable -nohdtot)" "" "the secondary sent nothing"

rc link set site-a site-b --latency 15 --bandwidth 40 >/dev/null
out=$(rc cli site-b checkrclink startserver 0:3:1)
assert_contains "$out" "Server listening on port 0:3:1, TCP port 5001"
out=$(rc cli site-a checkrclink startclient -time 10 0:3:1 10.1.1.21 5001)
assert_contains "$out" "connected with 10.1.1.21 port 5001 (site-b 0:3:1)"
assert_contains "$out" "0.0-10.0 sec  400.00 MBytes  335 Mbits/sec"
assert_contains "$out" "Round trip time: 30 ms"
expect_status 1 rc cli site-a checkrclink startclient 0:3:1 10.1.1.21 5002
rc cli site-b checkrclink stopserver 0:3:1

assert_eq "$(rc cli site-a showalert)" "No alerts." "a healthy array has no alerts"
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
out=$(rc cli site-a showalert)
assert_contains "$out" "Type        : Remote Copy link status change"
assert_contains "$out" "Type        : Remote Copy target failure"
assert_contains "$out" "Type        : Remote Copy group stopped"
assert_contains "$out" "State       : New"
out=$(rc cli site-b showalert -oneline)
assert_contains "$out" "Remote Copy target failure"
assert_eq "$(rc cli site-a showalert -a)" "No alerts." "none acknowledged"
