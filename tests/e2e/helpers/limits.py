#!/usr/bin/python3
"""tests/e2e/helpers/limits.py - every row of docs/limits.md marked e2e, at
its limit (accepted) and one past it (refused), over WSAPI and over the CLI
(the control API's CLI, the same commands SSH runs) where the interface has
the field. The table's value is the one tried: a value changed in the code
but not in the table, or a row without a case here, fails.

Usage: limits.py <control URL> <port offset> <docs/limits.md>"""
import json
import re
import sys

import requests

CTL = sys.argv[1].rstrip("/") + "/sim/v1"
OFF = int(sys.argv[2])
DOC = sys.argv[3]
P_URL = "http://127.0.0.1:%d/api/v1" % (8008 + OFF)
KEY = None
TOO_LONG, TOO_BIG, RANGE, ILLEGAL, WRONG_TYPE, INV = 57, 28, 43, 69, 39, 12
NAME_LONG = "is too long: names take at most"
STR_LONG = "String too long:"


def fail(msg):
    sys.stderr.write("limits: FAIL: %s\n" % msg)
    sys.exit(1)


def rows():
    """(id, value, test) of every row of the table."""
    out = []
    for line in open(DOC, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0] not in ("Id", "---") and not cells[0].startswith("-"):
            out.append((cells[0], cells[2], cells[6]))
    return out


def wsapi(method, path, body, want, what):
    """want None: accepted; (status, code): refused so."""
    global KEY
    if KEY is None:
        r = requests.post(P_URL + "/credentials", json={"user": "3paradm", "password": "3pardata"},
                          timeout=30)
        KEY = r.json()["key"]
    r = requests.request(method, P_URL + path, json=body, timeout=30,
                         headers={"X-Hp3Par-Wsapi-Sessionkey": KEY})
    b = r.json() if r.text else {}
    if want is None:
        if r.status_code >= 400:
            fail("%s: WSAPI %s %s refused at the limit: %d %s" % (what, method, path,
                                                                 r.status_code, r.text))
    elif (r.status_code, b.get("code")) != want:
        fail("%s: WSAPI %s %s past the limit: %d %s, want %d/%d" % (what, method, path,
                                                                  r.status_code, r.text,
                                                                  want[0], want[1]))


def cli(array, command, want, what):
    """want None: accepted; a string: refused with an Error: line holding it."""
    r = requests.post("%s/arrays/%s/cli" % (CTL, array), json={"command": command}, timeout=60)
    b = r.json()
    if want is None:
        if b["status"] != 0:
            fail("%s: CLI %r refused at the limit: %s" % (what, command, b["error"]))
    elif b["status"] != 1 or want not in b["error"]:
        fail("%s: CLI %r past the limit: status %d %r, want %r" % (what, command, b["status"],
                                                                   b["error"], want))


def ctl(method, path, body=None):
    r = requests.request(method, CTL + path, json=body, timeout=60)
    if r.status_code >= 300:
        fail("control %s %s: %d %s" % (method, path, r.status_code, r.text))


def name(n, stem="n"):
    return (stem * n)[:n]


# ---- one case per row: f(limit) tries limit and limit + 1 --------------------

def vv_name(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumes", {"name": name(k, "w"), "cpg": "FC_r1", "sizeMiB": 1024}, want,
              "vv.name")
    cli("site-a", "createvv FC_r1 %s 1g" % name(n, "c"), None, "vv.name")
    cli("site-a", "createvv FC_r1 %s 1g" % name(n + 1, "c"), NAME_LONG, "vv.name")


def vv_comment(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumes", {"name": "vc%d" % k, "cpg": "FC_r1", "sizeMiB": 1024,
                                   "comment": "x" * k}, want, "vv.comment")
        cli("site-a", "createvv -comment %s FC_r1 cc%d 1g" % ("y" * k, k),
            None if want is None else STR_LONG, "vv.comment")


def snap_name(n):
    cli("site-a", "createvv FC_r1 sbase 1g", None, "snap.name")
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumes/sbase", {"action": "createSnapshot",
                                         "parameters": {"name": name(k, "s")}}, want,
              "snap.name")
        cli("site-a", "createsv %s sbase" % name(k, "t"), None if want is None else NAME_LONG,
            "snap.name")


def snap_comment(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumes/sbase", {"action": "createSnapshot",
                                         "parameters": {"name": "sc%d" % k, "comment": "x" * k}},
              want, "snap.comment")
        cli("site-a", "createsv -comment %s tc%d sbase" % ("y" * k, k),
            None if want is None else STR_LONG, "snap.comment")


def cpg_name(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/cpgs", {"name": name(k, "p")}, want, "cpg.name")
        cli("site-a", "createcpg %s" % name(k, "q"), None if want is None else NAME_LONG,
            "cpg.name")


def domain_name(n):
    cli("site-a", "createdomain %s" % name(n, "d"), None, "domain.name")
    cli("site-a", "createdomain %s" % name(n + 1, "d"), NAME_LONG, "domain.name")


def domain_comment(n):
    cli("site-a", "createdomain -comment %s dc1" % ("x" * n), None, "domain.comment")
    cli("site-a", "createdomain -comment %s dc2" % ("x" * (n + 1)), STR_LONG, "domain.comment")


def host_name(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/hosts", {"name": name(k, "h")}, want, "host.name")
        cli("site-a", "createhost %s" % name(k, "i"), None if want is None else NAME_LONG,
            "host.name")


def host_desc(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/hosts", {"name": "hd%d" % k, "descriptors": {"location": "x" * k}},
              want, "host.desc")


def host_comment(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/hosts", {"name": "hc%d" % k, "descriptors": {"comment": "x" * k}},
              want, "host.comment")


def iqn(k, tag):
    return ("iqn.1993-08.org.debian:01:" + tag * k)[:k]


def host_iscsi(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/hosts", {"name": "hi%d" % k, "iSCSINames": [iqn(k, "a")]}, want,
              "host.iscsi")
        cli("site-a", "createhost -iscsi hj%d %s" % (k, iqn(k, "b")),
            None if want is None else STR_LONG, "host.iscsi")


def host_paths(n):
    for k, want in ((n, None), (n + 1, (400, INV))):
        wwns = ["%016X" % (0x5000000000000000 + k * 4096 + i) for i in range(k)]
        wsapi("POST", "/hosts", {"name": "hp%d" % k, "FCWWNs": wwns}, want, "host.paths")


def host_wwn(n):
    for k, want in ((n, None), (n + 1, (400, WRONG_TYPE))):
        w = ("1000%d" % k + "0" * 32)[:k]
        wsapi("POST", "/hosts", {"name": "hw%d" % k, "FCWWNs": [w]}, want, "host.wwn")
        w = ("2000%d" % k + "0" * 32)[:k]
        cli("site-a", "createhost hx%d %s" % (k, w),
            None if want is None else "Invalid input: " + w, "host.wwn")


def vv_wwn(n):
    cli("site-a", "createvv -wwn %s FC_r1 vw1 1g" % ("6" + "0" * (n - 2) + "1"), None, "vv.wwn")
    cli("site-a", "createvv -wwn %s FC_r1 vw2 1g" % ("6" + "0" * (n - 1) + "1"),
        "Invalid input", "vv.wwn")


def set_name(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumesets", {"name": name(k, "e")}, want, "set.name")
        cli("site-a", "createvvset %s" % name(k, "f"), None if want is None else NAME_LONG,
            "set.name")


def set_comment(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumesets", {"name": "ec%d" % k, "comment": "x" * k}, want,
              "set.comment")
        cli("site-a", "createvvset -comment %s fc%d" % ("y" * k, k),
            None if want is None else STR_LONG, "set.comment")


def rc_group_body(g):
    return {"name": g, "targets": [{"targetName": "site-b", "mode": 2, "userCPG": "FC_r1",
                                    "snapCPG": "FC_r1"}],
            "localUserCPG": "FC_r1", "localSnapCPG": "FC_r1"}


def group_name(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/remotecopygroups", rc_group_body(name(k, "g")), want, "group.name")
        cli("site-a", "creatercopygroup %s site-b:periodic" % name(k, "k"),
            None if want is None else NAME_LONG, "group.name")


def group_name_nomirror(n):
    wsapi("PUT", "/remotecopytargets/site-b", {"policies": {"mirrorConfig": False}}, None,
          "group.name.nomirror")
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/remotecopygroups", rc_group_body(name(k, "m")), want,
              "group.name.nomirror")
        cli("site-a", "creatercopygroup %s site-b:periodic" % name(k, "o"),
            None if want is None else NAME_LONG, "group.name.nomirror")
    wsapi("PUT", "/remotecopytargets/site-b", {"policies": {"mirrorConfig": True}}, None,
          "group.name.nomirror")


def target_name(n):
    cli("site-a", "creatercopytarget -disabled %s IP 0:3:1:10.1.1.22" % name(n, "t"), None,
        "target.name")
    cli("site-a", "creatercopytarget -disabled %s IP 1:3:1:10.1.1.21" % name(n + 1, "u"),
        NAME_LONG, "target.name")


def sched_name(n):
    cli("site-a", 'createsched "showsys" "@daily" %s' % name(n, "s"), None, "sched.name")
    cli("site-a", 'createsched "showsys" "@daily" %s' % name(n + 1, "r"), NAME_LONG,
        "sched.name")


def name_chars(_):
    wsapi("POST", "/volumes", {"name": "ok_.-1", "cpg": "FC_r1", "sizeMiB": 1024}, None,
          "name.chars")
    wsapi("POST", "/volumes", {"name": "a&b", "cpg": "FC_r1", "sizeMiB": 1024},
          (400, ILLEGAL), "name.chars")
    cli("site-a", "createvv FC_r1 ok_.-2 1g", None, "name.chars")
    cli("site-a", "createvv FC_r1 a!b 1g", "Invalid name a!b", "name.chars")


def vv_size(n):
    for k, want in ((n, None), (n + 1, (400, TOO_BIG))):
        wsapi("POST", "/volumes", {"name": "vs%d" % k, "cpg": "FC_r1", "sizeMiB": k,
                                   "tpvv": True}, want, "vv.size")
        cli("site-a", "createvv -tpvv FC_r1 cs%d %d" % (k, k),
            None if want is None else "above the maximum", "vv.size")


def vv_id(n):
    for k, want in ((n, None), (n + 1, (400, RANGE))):
        wsapi("POST", "/volumes", {"name": "vi%d" % k, "cpg": "FC_r1", "sizeMiB": 1024,
                                   "id": k}, want, "vv.id")
    wsapi("DELETE", "/volumes/vi%d" % n, None, None, "vv.id")
    cli("site-a", "createvv -i %d FC_r1 ci1 1g" % n, None, "vv.id")
    cli("site-a", "createvv -i %d FC_r1 ci2 1g" % (n + 1), "out of range", "vv.id")


def vv_count(n):
    cli("site-a", "createvv -cnt %d FC_r1 cn 1g" % n, None, "vv.count")
    cli("site-a", "createvv -cnt %d FC_r1 co 1g" % (n + 1), "out of range", "vv.count")


def lun(n):
    cli("site-a", "createhost lh 5000000000000abc", None, "lun")
    cli("site-a", "createvv FC_r1 lv 1g", None, "lun")
    for k, want in ((n, None), (n + 1, (400, RANGE))):
        wsapi("POST", "/vluns", {"volumeName": "lv", "lun": k, "hostname": "lh"}, want, "lun")
    cli("site-a", "createvlun lv %d 0:1:1" % n, None, "lun")
    cli("site-a", "createvlun lv %d 0:1:1" % (n + 1), "out of range", "lun")


def hours(n):
    cli("site-a", "createvv FC_r1 hb 1g", None, "hours")
    for k, want in ((n, None), (n + 1, (400, RANGE))):
        wsapi("POST", "/volumes/hb", {"action": "createSnapshot",
                                      "parameters": {"name": "hs%d" % k, "expirationHours": k}},
              want, "hours")
        cli("site-a", "createsv -exp %dh ht%d hb" % (k, k), None if want is None
            else "out of range", "hours")


def sync_period(n):
    wsapi("POST", "/remotecopygroups", rc_group_body("sp"), None, "sync.period")
    for k, want in ((n, None), (n + 1, (400, RANGE))):
        wsapi("PUT", "/remotecopygroups/sp", {"targets": [{"targetName": "site-b",
                                                           "syncPeriod": k}]},
              want, "sync.period")
        cli("site-a", "setrcopygroup period %ds site-b sp" % k,
            None if want is None else "out of range", "sync.period")
    wsapi("PUT", "/remotecopygroups/sp", {"targets": [{"targetName": "site-b",
                                                       "syncPeriod": 299}]},
          (400, 115), "sync.period")


def snap_freq(n):
    body = rc_group_body("sf")
    body["targets"][0]["mode"] = 4
    wsapi("POST", "/remotecopygroups", body, None, "snap.freq")
    for k, want in ((n, None), (n + 1, (400, RANGE))):
        wsapi("PUT", "/remotecopygroups/sf", {"targets": [{"targetName": "site-b",
                                                           "snapFrequency": k}]},
              want, "snap.freq")
        cli("site-a", "setrcopygroup snap_freq %ds site-b sf" % k,
            None if want is None else "out of range", "snap.freq")


def vvmeta_key(n):
    wsapi("POST", "/volumes", {"name": "mk", "cpg": "FC_r1", "sizeMiB": 1024}, None,
          "vvmeta.key")
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumes/mk/objectKeyValues", {"key": "k" * k, "value": "v"}, want,
              "vvmeta.key")


def vvmeta_value(n):
    for k, want in ((n, None), (n + 1, (400, TOO_LONG))):
        wsapi("POST", "/volumes/mk/objectKeyValues", {"key": "v%d" % k, "value": "v" * k},
              want, "vvmeta.value")


def chap_secret(n):
    wsapi("POST", "/hosts", {"name": "chap", "iSCSINames": ["iqn.2000-01.com.example:chap"]},
          None, "chap.secret")
    for k, want in ((n, None), (n + 1, (400, RANGE))):
        wsapi("PUT", "/hosts/chap", {"chapOperation": 1, "chapOperationMode": 1,
                                     "chapName": "chap", "chapSecret": "s" * k}, want,
              "chap.secret")


CASES = {
    "vv.name": vv_name, "vv.comment": vv_comment, "snap.name": snap_name,
    "snap.comment": snap_comment, "cpg.name": cpg_name, "domain.name": domain_name,
    "domain.comment": domain_comment, "host.name": host_name, "host.desc": host_desc,
    "host.comment": host_comment, "host.iscsi": host_iscsi, "host.paths": host_paths,
    "host.wwn": host_wwn, "vv.wwn": vv_wwn, "set.name": set_name, "set.comment": set_comment,
    "group.name": group_name, "group.name.nomirror": group_name_nomirror,
    "target.name": target_name, "sched.name": sched_name, "name.chars": name_chars,
    "vv.size": vv_size, "vv.id": vv_id, "vv.count": vv_count, "lun": lun, "hours": hours,
    "sync.period": sync_period, "snap.freq": snap_freq, "vvmeta.key": vvmeta_key, "vvmeta.value": vvmeta_value,
    "chap.secret": chap_secret,
}


def main():
    table = rows()
    if len(table) < 20:
        fail("docs/limits.md has %d rows: the table was not read" % len(table))
    for rid, value, test in table:
        if test == "unit":
            continue
        if test != "e2e" or rid not in CASES:
            fail("row %s (test %r) has no case here" % (rid, test))
        lim = int(value) if re.fullmatch(r"\d+", value) else None
        CASES[rid](lim)
        print("ok %s %s" % (rid, value))
    missing = set(CASES) - {r[0] for r in table}
    if missing:
        fail("cases without a row: %s" % ", ".join(sorted(missing)))


if __name__ == "__main__":
    main()
