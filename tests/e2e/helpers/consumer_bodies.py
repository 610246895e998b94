#!/usr/bin/python3
"""tests/e2e/helpers/consumer_bodies.py - the WSAPI bodies HPE's client
library documents and its consumers send (the 3PAR Ansible modules through
hpe3par_sdk send every option, unset ones as null), against a running rcsim:
each documented member is accepted and shown where the array shows it, null
is a member not given, a false "unset"/"remove" flag conflicts with nothing,
and unknown members are still refused.

Usage: consumer_bodies.py <control URL> <port offset>"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wsapi_rc as w  # noqa: E402

P, S = w.P, w.S
TARGET = "site-b"


def check(cond, msg):
    w.check(cond, "bodies: " + msg)


def ok(method, path, body=None, cl=None):
    try:
        return (cl or P).request(method, path, body)
    except w.HTTPError as e:
        w.fail("bodies: %s %s %r refused: %s" % (method, path, body, e))


def refused(status, code, method, path, body=None):
    w.expect(status, code, P.request, method, path, body)


def sdk_refusals_now_accepted():
    """The five refusals that stopped Ansible playbooks."""
    ok("POST", "/volumes", {"name": "ans_v1", "cpg": "FC_r1", "sizeMiB": 1024, "tpvv": True,
                            "snapCPG": "FC_r1",
                            "objectKeyValues": [{"key": "hpe_ecosystem_product",
                                                 "value": "python_SDK_3par"}]})
    kv = ok("GET", "/volumes/ans_v1/objectKeyValues/hpe_ecosystem_product")
    check(kv["value"] == "python_SDK_3par", "objectKeyValues stored with the volume")
    refused(400, 40, "POST", "/volumes", {"name": "ans_v2", "cpg": "FC_r1", "sizeMiB": 1024,
                                          "objectKeyValues": [{"value": "no key"}]})
    refused(404, 23, "GET", "/volumes/ans_v2")            # nothing half made

    ok("POST", "/cpgs", {"name": "ans_cpg", "domain": None, "growthIncrementMiB": None,
                         "growthLimitMiB": None, "usedLDWarningAlertMiB": None,
                         "LDLayout": {"RAIDType": 2, "HA": None, "setSize": None,
                                      "chunkletPosPref": None, "diskPatterns": []}})
    check(ok("GET", "/cpgs/ans_cpg")["name"] == "ans_cpg", "the CPG exists")

    ok("POST", "/remotecopygroups", {"name": "ans_g", "domain": None, "localUserCPG": None,
                                     "localSnapCPG": None,
                                     "targets": [{"targetName": TARGET, "mode": 3,
                                                  "userCPG": "FC_r1", "snapCPG": "FC_r1"}]})
    ok("PUT", "/remotecopygroups/ans_g", {"localUserCPG": None, "localSnapCPG": None,
                                          "targets": [], "unsetUserCPG": None,
                                          "unsetSnapCPG": None})
    ok("PUT", "/remotecopygroups/ans_g", {"localUserCPG": "FC_r5", "localSnapCPG": "FC_r5",
                                          "unsetUserCPG": False, "unsetSnapCPG": False,
                                          "targets": [{"targetName": TARGET,
                                                       "remoteUserCPG": "FC_r5",
                                                       "remoteSnapCPG": None,
                                                       "syncPeriod": 600,
                                                       "rmSyncPeriod": False, "mode": None,
                                                       "snapFrequency": None,
                                                       "rmSnapFrequency": None,
                                                       "policies": None}]})
    g = ok("GET", "/remotecopygroups/ans_g")
    check(g["localUserCPG"] == "FC_r5" and g["targets"][0]["syncPeriod"] == 600,
          "the modify applied: %r" % g)
    refused(400, 44, "PUT", "/remotecopygroups/ans_g", {"localUserCPG": "FC_r1",
                                                        "unsetUserCPG": True})

    for wwn_differs in (False, True):
        v = "ans_rv%d" % wwn_differs
        ok("POST", "/volumes", {"name": v, "cpg": "FC_r1", "sizeMiB": 1024, "tpvv": True,
                                "snapCPG": "FC_r1"})
        ok("PUT", "/remotecopygroups/ans_g", {
            "action": 1, "volumeName": v, "snapshotName": None, "skipInitialSync": None,
            "targets": [{"targetName": TARGET, "secVolumeName": v}],
            "volumeAutoCreation": True, "differentSecondaryWWN": wwn_differs})
        same = ok("GET", "/volumes/" + v)["wwn"] == S.get("/volumes/" + v)["wwn"]
        check(same != wwn_differs, "differentSecondaryWWN %s" % wwn_differs)


def every_member_null():
    """Each documented body with its optional members null (not given)."""
    ok("POST", "/volumes", {"name": "nul_v", "cpg": "FC_r1", "sizeMiB": 1024, "id": None,
                            "comment": None, "policies": None, "snapCPG": None,
                            "ssSpcAllocWarningPct": None, "ssSpcAllocLimitPct": None,
                            "tpvv": None, "usrSpcAllocWarningPct": None,
                            "usrSpcAllocLimitPct": None, "expirationHours": None,
                            "retentionHours": None, "tdvv": None, "compression": None,
                            "reduce": None, "objectKeyValues": None})
    ok("PUT", "/volumes/nul_v", {"newName": None, "comment": "kept", "snapCPG": None,
                                 "policies": None, "ssSpcAllocWarningPct": None,
                                 "userCPG": None, "expirationHours": None,
                                 "retentionHours": None, "rmSsSpcAllocWarning": False,
                                 "rmUsrSpcAllocWarning": False, "rmExpTime": False,
                                 "rmSsSpcAllocLimit": False, "rmUsrSpcAllocLimit": False,
                                 "tpvv": None})
    check(ok("GET", "/volumes/nul_v")["comment"] == "kept", "modify with nulls")
    ok("POST", "/volumes/nul_v", {"action": "createSnapshot", "parameters": {
        "name": "nul_s", "id": None, "comment": None, "readOnly": None,
        "expirationHours": None, "retentionHours": None}})
    ok("POST", "/volumes/nul_v", {"action": "createPhysicalCopy", "parameters": {
        "destVolume": "nul_c", "destCPG": "FC_r1", "online": True, "tpvv": None,
        "tdvv": None, "snapCPG": None, "saveSnapshot": None, "priority": None,
        "comment": None}})
    # stopOfflinePhysicalCopy (1) and resyncPhysicalCopy (2) on the copy
    ok("POST", "/volumes", {"name": "nul_d", "cpg": "FC_r1", "sizeMiB": 1024, "tpvv": True})
    w.write("site-a", "nul_v", 0, "600M", 41)
    body = ok("POST", "/volumes/nul_v", {"action": "createPhysicalCopy", "parameters": {
        "destVolume": "nul_d", "online": False, "saveSnapshot": True, "priority": None}})
    check(ok("GET", "/tasks/%d" % body["taskid"])["name"] == "nul_v->nul_d", "offline task")
    ok("PUT", "/volumes/nul_d", {"action": 1})
    refused(403, 155, "PUT", "/volumes/nul_d", {"action": 1})      # nothing runs now
    body = ok("PUT", "/volumes/nul_d", {"action": 2})
    check(ok("GET", "/tasks/%d" % body["taskid"])["type"] == 2, "phys_copy_resync task")
    w.advance("3s")
    check(w.digest("site-a", "nul_d") == w.digest("site-a", "nul_v"), "the resync copied all")
    ok("POST", "/hosts", {"name": "nul_h", "persona": None, "FCWWNs": None,
                          "iSCSINames": ["iqn.2000-01.com.example:nul"], "domain": None,
                          "forceTearDown": None,
                          "descriptors": {"location": "rack 7", "IPAddr": None, "os": "Linux",
                                          "model": None, "contact": None, "comment": None}})
    h = ok("GET", "/hosts/nul_h")
    check(h["descriptors"].get("location") == "rack 7" and h["descriptors"].get("os") == "Linux",
          "descriptors shown: %r" % h.get("descriptors"))
    ok("PUT", "/hosts/nul_h", {"newName": None, "pathOperation": None, "FCWWNs": None,
                               "iSCSINames": None, "forcePathRemoval": None, "persona": 2,
                               "descriptors": None, "chapOperation": None,
                               "chapOperationMode": None, "chapName": None, "chapSecret": None,
                               "chapSecretHex": None, "chapRemoveTargetOnly": None})
    ok("POST", "/hostsets", {"name": "nul_hs", "domain": None, "comment": None,
                             "setmembers": ["nul_h"]})
    ok("POST", "/volumesets", {"name": "nul_vs", "domain": None, "comment": "a set",
                               "setmembers": None})
    ok("PUT", "/volumesets/nul_vs", {"action": 1, "newName": None, "comment": None,
                                     "setmembers": ["nul_v"], "flashCachePolicy": None})
    vs = ok("GET", "/volumesets/nul_vs")
    check(vs["setmembers"] == ["nul_v"] and vs["comment"] == "a set", "set shown: %r" % vs)
    # createSnapshotOfVolumeSet, then getVolumeSnapshots (a filtered query)
    ok("POST", "/volumesets/nul_vs", {"action": "createSnapshot", "parameters": {
        "name": "nvs-@count@", "id": None, "comment": None, "readOnly": True,
        "expirationHours": None, "retentionHours": None}})
    snaps = ok("GET", '/volumes?query="copyOf EQ nul_v"')["members"]
    check("nvs-0" in [v["name"] for v in snaps if v["copyType"] == 3], "set snapshot listed")
    ok("POST", "/vluns", {"volumeName": "nul_v", "lun": 3, "hostname": "nul_h",
                          "portPos": None, "noVcn": None, "overrideLowerPriority": None,
                          "autoLun": None, "maxAutoLun": None})
    # the SDK's vlunExists: GET of one VLUN is a collection, 404/19 when none
    check(ok("GET", "/vluns/nul_v,3,nul_h")["members"][0]["lun"] == 3, "one VLUN")
    refused(404, 19, "GET", "/vluns/nul_v,4,nul_h")
    ok("POST", "/qos", {"name": "nul_vs", "type": 1, "priority": None, "bwMinGoalKB": None,
                        "bwMaxLimitKB": 2048, "ioMinGoal": None, "ioMaxLimit": None,
                        "enable": None, "bwMinGoalOP": None, "bwMaxLimitOP": None,
                        "ioMinGoalOP": None, "ioMaxLimitOP": None, "latencyGoal": None,
                        "defaultLatency": None})
    check(ok("GET", "/qos/vvset:nul_vs")["bwMaxLimitKB"] == 2048, "QoS rule shown")
    ok("POST", "/spacereporter", {"cpg": "FC_r1"})


def remote_copy_with_nulls():
    """The remote-copy calls of the Ansible module: every option sent."""
    ok("POST", "/volumes", {"name": "nul_rv", "cpg": "FC_r1", "sizeMiB": 1024, "tpvv": True,
                            "snapCPG": "FC_r1"})
    ok("POST", "/remotecopygroups", {"name": "nul_g", "domain": None, "localUserCPG": "FC_r1",
                                     "localSnapCPG": "FC_r1",
                                     "targets": [{"targetName": TARGET, "mode": 1,
                                                  "userCPG": "FC_r1", "snapCPG": "FC_r1"}]})
    ok("POST", "/remotecopygroups/nul_g/volumes", {
        "volumeName": "nul_rv", "targets": [{"targetName": TARGET, "secVolumeName": "nul_rv"}],
        "snapshotName": None, "volumeAutoCreation": True, "skipInitialSync": None,
        "differentSecondaryWWN": None})
    ok("PUT", "/remotecopygroups/nul_g", {"action": 3, "skipInitialSync": None,
                                          "targetName": None, "startingSnapshots": None})
    w.advance_until_synced(P, "nul_g")
    ok("PUT", "/remotecopygroups/nul_g", {"action": 5, "noResyncSnapshot": None,
                                          "targetName": None, "fullSync": None})
    ok("PUT", "/remotecopygroups/nul_g", {"action": 4, "noSnapshot": None, "targetName": None})
    peer = "nul_g.r%s" % ok("GET", "/system")["id"]
    dr = {"targetName": None, "skipStart": None, "skipSync": None, "discardNewData": None,
          "skipPromote": None, "noSnapshot": None, "stopGroups": None,
          "localGroupsDirection": None}
    bad = dict(dr, action=7, stopGroups=True)
    w.expect(400, 12, S.request, "POST", "/remotecopygroups/" + peer, bad)
    ok("POST", "/remotecopygroups/" + peer, dict(dr, action=7), S)
    check(S.get("/remotecopygroups/" + peer)["targets"][0]["roleReversed"], "failed over")
    ok("POST", "/remotecopygroups/" + peer, dict(dr, action=10, stopGroups=False), S)
    ok("PUT", "/remotecopytargets/" + TARGET, {"policies": {"mirrorConfig": True}})


def ssh_link_helpers():
    """The client's remote-copy SSH helpers (docs/array-interfaces.md §3.4): empty output
    is success, the links table answers rcopyLinkExists."""
    host = "127.0.0.1"

    def link_exists(target, port, peer):
        for line in w.ssh(host, "showrcopy links"):
            f = line.split(",")
            if line.startswith(target) and f[0] == target and f[1] == port and f[2] == peer:
                return True
        return False

    check(link_exists(TARGET, "1:3:1", "10.1.1.22"), "rcopyLinkExists")
    check(w.ssh(host, "dismissrcopylink %s 1:3:1:10.1.1.22" % TARGET) == [],
          "dismissRemoteCopyLinks: no output")
    check(not link_exists(TARGET, "1:3:1", "10.1.1.22"), "the link went")
    check(w.ssh(host, "admitrcopylink %s 1:3:1:10.1.1.22" % TARGET) == [],
          "admitRemoteCopyLinks: no output")
    check(link_exists(TARGET, "1:3:1", "10.1.1.22"), "the link is back")
    check("Started" in w.ssh(host, "showrcopy")[2], "rcopyServiceExists")
    check(w.ssh(host, "startrcopy") != [], "startrCopy on a started service is refused")


def unknown_members_still_refused():
    refused(400, 12, "POST", "/volumes", {"name": "unk", "cpg": "FC_r1", "sizeMiB": 1024,
                                          "badPram": None})
    refused(400, 12, "POST", "/cpgs", {"name": "unk", "LDLayout": {"RAIDBadType": None}})
    refused(400, 12, "PUT", "/remotecopygroups/ans_g", {"localUserCpg": None})
    refused(400, 39, "POST", "/volumes", {"name": None, "cpg": "FC_r1", "sizeMiB": 1024})
    refused(404, 285, "DELETE", "/flashcache")


def main():
    P.login("3paradm", "3pardata")
    S.login("3paradm", "3pardata")
    for step in (sdk_refusals_now_accepted, every_member_null, remote_copy_with_nulls,
                 ssh_link_helpers, unknown_members_still_refused):
        try:
            step()
        except w.HTTPError as e:
            w.fail("bodies: %s: %s" % (step.__name__, e))
        print("ok %s" % step.__name__)


if __name__ == "__main__":
    main()
