#!/usr/bin/python3
"""tests/e2e/helpers/hpe_ssh_methods.py - python-3parclient's SSH helper
methods (docs/array-interfaces.md §3.5, §3.6), replayed against a running
rcsim: each sends the client's exact command through a pty shell as the
client does (ssh_hpe.one_command), parses the stripped lines with the
client's own rule, and checks the result over WSAPI where the client does.

Usage: hpe_ssh_methods.py <port offset>
Exit status 0, or 1 with the failed step."""
import os
import sys
import uuid

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ssh_hpe  # noqa: E402

OFF = int(sys.argv[1])
URL = "http://127.0.0.1:%d/api/v1" % (8008 + OFF)
HTTPS_PORT = 8080 + OFF
SSH_PORT = 2222 + OFF


def fail(msg):
    sys.stderr.write("hpe_ssh_methods: FAIL: %s\n" % msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


CONN = ssh_hpe.connect("127.0.0.1", SSH_PORT)


def run(*words):
    """HPE3ParClient._run: the words joined by spaces, the stripped lines."""
    return ssh_hpe.one_command(CONN, " ".join(words))


def csv_members(lines):
    """The client's CSV reader (getPatches, getPortNumber): line 0 is the
    header; fewer than 2 lines is no member."""
    if len(lines) < 2:
        return []
    head = lines[0].split(",")
    return [dict(zip(head, l.split(","))) for l in lines[1:]]


class Wsapi:
    def __init__(self):
        r = requests.post(URL + "/credentials",
                          json={"user": "3paradm", "password": "3pardata"}, timeout=10)
        check(r.status_code == 201, "login: %d %s" % (r.status_code, r.text))
        self.h = {"X-HP3PAR-WSAPI-SessionKey": r.json()["key"]}

    def req(self, method, path, body=None):
        r = requests.request(method, URL + path, json=body, headers=self.h, timeout=10)
        return r.status_code, (r.json() if r.text else None)


def next_word(text, after):
    """HPE3ParClient._get_next_word."""
    rest = text.split(after, 1)[1].strip()
    return rest.split(" ")[0] if rest else None


def find_host(ws, iqn=None, wwn=None):
    """HPE3ParClient.findHost: createhost with a throw-away name; "already
    used by host <name>" names the owner, else the new host is deleted over
    REST (which must succeed)."""
    name = str(uuid.uuid4()).replace("-", "")[:20]
    cmd = ["createhost"] + (["-iscsi"] if iqn else []) + [name, iqn or wwn]
    test = " ".join(run(*cmd))
    if "already used by host " in test:
        return next_word(test, "already used by host ")
    st, body = ws.req("DELETE", "/hosts/" + name)
    check(st == 200, "findHost: DELETE /hosts/%s gave %d %r" % (name, st, body))
    return None


def main():
    ws = Wsapi()
    iqn = "iqn.1993-08.org.debian:01:hpe" + uuid.uuid4().hex[:8]
    wwn = "10000000C9%06X" % (uuid.uuid4().int & 0xFFFFFF)

    # findHost: nobody owns the path, then a host made over REST does
    check(find_host(ws, iqn=iqn) is None, "findHost found an owner for a new iqn")
    check(find_host(ws, wwn=wwn) is None, "findHost found an owner for a new wwn")
    st, _ = ws.req("POST", "/hosts", {"name": "hpehost1", "iSCSINames": [iqn]})
    check(st == 201, "POST /hosts: %d" % st)
    check(find_host(ws, iqn=iqn) == "hpehost1", "findHost by iqn")
    st, _ = ws.req("POST", "/hosts", {"name": "hpehost2", "FCWWNs": [wwn]})
    check(st == 201, "POST /hosts (FC): %d" % st)
    check(find_host(ws, wwn=wwn.lower()) == "hpehost2", "findHost by a lower-case wwn")
    st, hosts = ws.req("GET", "/hosts")
    check(sorted(h["name"] for h in hosts["members"]) == ["hpehost1", "hpehost2"],
          "findHost left hosts behind: %r" % hosts)

    # findHostSet: lines[1].split(",")[1]; no set: at most one line
    lines = run("showhostset", "-host", "hpehost1")
    check(len(lines) <= 1, "showhostset -host without a set: %r" % lines)
    st, _ = ws.req("POST", "/hostsets", {"name": "HPEHS1", "setmembers": ["hpehost1"]})
    check(st == 201, "POST /hostsets: %d" % st)
    lines = run("showhostset", "-host", "hpehost1")
    check(len(lines) > 1 and lines[1].split(",")[1] == "HPEHS1",
          "findHostSet: %r" % lines)

    # setQOSRule: success prints nothing; no option and a missing set print a
    # first line, the second one with the text the client maps to 404
    st, _ = ws.req("POST", "/volumes", {"name": "hpevol1", "cpg": "FC_r1", "sizeMiB": 1024,
                                         "tpvv": True})
    check(st == 201, "POST /volumes: %d" % st)
    st, _ = ws.req("POST", "/volumesets", {"name": "HPEVS1", "setmembers": ["hpevol1"]})
    check(st == 201, "POST /volumesets: %d" % st)
    lines = run("setqos", "vvset:HPEVS1")
    check(lines and lines[0] and "no matching QoS target found" not in lines[0],
          "setqos without options: %r" % lines)
    for opts in (["-io", "300", "-bw", "1024M"], ["-io", "300"], ["-io", "1024"]):
        lines = run("setqos", *opts, "vvset:HPEVS1")
        check(lines == [], "setqos %r printed %r" % (opts, lines))
    st, rule = ws.req("GET", "/qos/vvset:HPEVS1")
    check(st == 200 and rule["ioMaxLimit"] == 1024 and rule["bwMaxLimitKB"] == 1048576,
          "QoS rule after setqos: %d %r" % (st, rule))
    lines = run("setqos", "-io", "300", "vvset:NOSUCHSET")
    check(lines and "no matching QoS target found" in lines[0], "setqos on no set: %r" % lines)

    # getPatches / getPatch
    hist = csv_members(run("showpatch", "-hist"))
    check(len(hist) >= 1, "showpatch -hist: no history row")
    check(len(run("showpatch")) <= 1, "showpatch: more than one line")
    lines = run("showpatch", "-d", "P16-BOGUS")
    check(len(lines) == 1 and "Patch P16-BOGUS not recognized" in lines[0],
          "showpatch -d P16-BOGUS: %r" % lines)

    # createSchedule / getSchedule / getScheduleStatus / modifySchedule /
    # suspendSchedule / resumeSchedule / deleteSchedule (§3.5)
    def changed_ok(lines, what):
        bad = [l for l in lines if "error" in l.lower() or "invalid" in l.lower()]
        check(not bad, "%s: %r" % (what, lines))

    def get_schedule(name):
        lines = run("showsched ", name)      # the client's token has two spaces
        if any("No scheduled tasks " in l for l in lines):
            return None
        return lines

    def schedule_status(name):
        lines = get_schedule(name)
        for word in ("suspended", "active"):
            for l in lines:
                if word in l:
                    return word
        return None

    task = "createsv -ro snap-hpevol1 hpevol1"
    lines = run("createsched", '"%s"' % task, '"hourly"', "HPESCHED1")
    check(any("The schedule format is <minute> <hour> <dom> <month> <dow> or by @hourly "
              "@daily @monthly @weekly @monthly @yearly".lower() in l.lower() for l in lines),
          "createsched with hourly: %r" % lines)
    check(get_schedule("HPESCHED1") is None, "a refused schedule exists")
    changed_ok(run("createsched", '"%s"' % task, "@hourly", "HPESCHED1"), "createsched")
    lines = get_schedule("HPESCHED1")
    check(lines and "Status" in lines[0] and "active" not in lines[0]
          and "suspended" not in lines[0], "showsched header: %r" % lines)
    check(schedule_status("HPESCHED1") == "active", "new schedule not active")
    changed_ok(run("setsched", "-suspend", "HPESCHED1"), "suspendSchedule")
    check(schedule_status("HPESCHED1") == "suspended", "not suspended")
    changed_ok(run("setsched", "-resume", "HPESCHED1"), "resumeSchedule")
    check(schedule_status("HPESCHED1") == "active", "not resumed")
    changed_ok(run("setsched", "-name", "HPESCHED2", "-s", '"0 * * * *"', "HPESCHED1"),
               "modifySchedule")
    check(get_schedule("HPESCHED1") is None and get_schedule("HPESCHED2"), "rename")
    lines = run("setsched", "-s", "@weekly", "NOSUCHSCHED")
    check(any("error" in l.lower() for l in lines), "setsched on no schedule: %r" % lines)
    changed_ok(run("removesched", "-f", "HPESCHED2"), "deleteSchedule")
    check(get_schedule("HPESCHED2") is None, "schedule left after removesched")

    # getPortNumber
    members = csv_members(run("showwsapi"))
    check(members and members[0].get("HTTPS_Port") == str(HTTPS_PORT),
          "showwsapi: %r" % members)
    CONN.close()


if __name__ == "__main__":
    main()
