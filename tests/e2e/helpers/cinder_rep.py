#!/usr/bin/python3
"""tests/e2e/helpers/cinder_rep.py - OpenStack Cinder's 3PAR driver
(cinder/volume/drivers/hpe/hpe_3par_common.py) against two simulated
arrays over WSAPI, call for call: a replicated volume (periodic, the
driver's default mode and 900 s period) with the driver's JSON comment
document, host data, failover_host to the secondary, the failback check
refused until an admin recovers and restores, failback, delete; then a
second volume deleted while failed over (mirror_config toggled off, the
driver's _delete_replicated_failed_over_volume); then clones: an online
copy deleted while it runs (409/151, isOnlinePhysicalCopy,
stopOnlinePhysicalCopy) and an offline copy the driver waits for.

Usage: cinder_rep.py <control URL> <port offset>"""
import base64
import json
import os
import sys
import uuid

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wsapi_rc as w  # noqa: E402  (the client's HTTP behaviour, the control calls)

TARGET = "site-b"                 # replication_device backend_id: P's target
CPG, SNAP_CPG = "FC_r1", "FC_r5"  # hpe3par_cpg / hpe3par_cpg_snap, cpg_map FC_r1:FC_r1
PERIODIC, STARTED, SYNCED = 2, 3, 3
CHANGE_TO_PRIMARY = 7


def check(cond, msg):
    w.check(cond, "cinder: " + msg)


def encode(vol_id):
    """_encode_name: the uuid's 16 bytes in base64, '+' -> '.', '/' -> '-',
    no '='."""
    b = base64.b64encode(uuid.UUID(vol_id).bytes).decode()
    return b.replace("+", ".").replace("/", "-").replace("=", "")


class Volume:
    def __init__(self, vol_id, display_name):
        self.id = vol_id
        self.name = "osv-" + encode(vol_id)                 # _get_3par_vol_name
        self.rcg = ("rcg-" + encode(vol_id))[:22]           # _get_3par_rcg_name
        self.display_name = display_name
        self.provider_location = None
        self.replication_status = None


TYPE_ID = "9a1f0c2e-6d4b-4f35-9a8e-2b7c1d3e4f50"


def comment_of(v):
    """create_volume's comment: volume id, name, type, display name, type
    name and id, qos (a document of a few hundred characters)."""
    return json.dumps({
        "volume_id": v.id, "name": "volume-" + v.id, "type": "OpenStack",
        "display_name": v.display_name,
        "volume_type_name": "3par-replicated-periodic-gold",
        "volume_type_id": TYPE_ID,
        "qos": {"maxIOPS": "10000", "maxBWS": "500", "minIOPS": "100", "minBWS": "10",
                "latency": "25", "priority": "normal"},
    })


def create_volume(cl, v, size_gib=1):
    """create_volume, then _do_volume_replication_setup."""
    comment = comment_of(v)
    check(255 < len(comment) <= 511, "the comment document is %d characters" % len(comment))
    cl.request("POST", "/volumes", {"name": v.name, "cpg": CPG, "sizeMiB": size_gib * 1024,
                                    "comment": comment, "tpvv": True, "snapCPG": SNAP_CPG,
                                    "tdvv": False})
    # _is_volume_in_remote_copy_group
    w.expect(404, 187, cl.get, "/remotecopygroups/" + v.rcg)
    cl.request("POST", "/remotecopygroups", {
        "name": v.rcg,
        "targets": [{"targetName": TARGET, "mode": PERIODIC, "userCPG": CPG,
                     "snapCPG": CPG}],
        "localUserCPG": CPG, "localSnapCPG": SNAP_CPG})
    cl.request("PUT", "/remotecopygroups/" + v.rcg, {
        "action": 1, "volumeName": v.name,
        "targets": [{"targetName": TARGET, "secVolumeName": v.name}],
        "volumeAutoCreation": True})
    cl.request("PUT", "/remotecopygroups/" + v.rcg,
               {"targets": [{"targetName": TARGET, "syncPeriod": 900}]})
    cl.request("PUT", "/remotecopygroups/" + v.rcg, {"action": 3})
    v.provider_location = cl.get("/system")["id"]       # provider_location = client.id
    v.replication_status = "enabled"


def remote_rcg(v):
    return "%s.r%s" % (v.rcg, v.provider_location)     # _get_3par_remote_rcg_name


def failover_host(primary, secondary, volumes):
    for v in volumes:
        try:
            primary.request("PUT", "/remotecopygroups/" + v.rcg, {"action": 4})
        except w.HTTPError:
            pass                    # the driver eats this: groups stop by themselves
        secondary.request("POST", "/remotecopygroups/" + remote_rcg(v),
                          {"action": CHANGE_TO_PRIMARY})
        v.replication_status = "failed-over"


def ready_for_failback(cl, volumes):
    """_is_host_ready_for_failback / _are_targets_in_their_natural_direction,
    read on the array the driver now uses (the secondary)."""
    try:
        for v in volumes:
            rcg = cl.get("/remotecopygroups/" + remote_rcg(v))
            for t in rcg["targets"]:
                if t["roleReversed"] or t["state"] != STARTED:
                    return False
            for vol in rcg["volumes"]:
                for r in vol["remoteVolumes"]:
                    if r["syncStatus"] != SYNCED:
                        return False
    except w.HTTPError:
        return False
    return True


def destroy(cl, v, rcg_name):
    """_do_volume_replication_destroy: every step's error is eaten."""
    for method, path in (("PUT", "/remotecopygroups/%s" % rcg_name),
                         ("DELETE", "/remotecopygroups/%s/volumes/%s?removeSecondaryVolume=true"
                          % (rcg_name, v.name)),
                         ("DELETE", "/remotecopygroups/%s?keepSnap=false" % rcg_name),
                         ("DELETE", "/volumes/%s" % v.name)):
        try:
            cl.request(method, path, {"action": 4} if method == "PUT" else None)
        except w.HTTPError:
            pass


def toggle_mirror(cl, target, on):
    try:
        cl.request("PUT", "/remotecopytargets/" + target, {"policies": {"mirrorConfig": on}})
    except w.HTTPError as e:
        if e.status != 400:         # the client swallows a 400
            raise


def delete_failed_over(cl, v):
    """_delete_replicated_failed_over_volume, on the secondary."""
    targets = cl.get("/remotecopygroups/" + remote_rcg(v))["targets"]
    for t in targets:
        toggle_mirror(cl, t["targetName"], False)
    try:
        destroy(cl, v, remote_rcg(v))
    finally:
        for t in targets:
            toggle_mirror(cl, t["targetName"], True)


def find_task(cl, name, active=True):
    """hpe3parclient _findTask: the first task named name; None when it is
    not active (with active)."""
    for task in cl.get("/tasks")["members"]:
        if task["name"] == name:
            return None if active and task["status"] != 2 else task
    return None


def stop_online_copy(cl, name):
    """hpe3parclient stopOnlinePhysicalCopy (its 1 s polls made at once)."""
    task = find_task(cl, name)
    check(task is not None, "the online copy of %s is a task" % name)
    cl.request("PUT", "/tasks/%d" % task["id"], {"action": 1})
    check(find_task(cl, name) is None, "the cancelled copy is no longer active")
    vol = cl.get("/volumes/" + name)
    check("copyOf" not in vol, "an online copy has no copyOf chain")
    cl.request("DELETE", "/volumes/" + name)


def delete_volume(cl, name):
    """delete_volume of a volume that may be the target of a copy."""
    try:
        cl.request("DELETE", "/volumes/" + name)
    except w.HTTPError as e:
        check(e.status == 409 and e.code == 151, "busy volume: %s" % e)
        check(find_task(cl, name) is not None, "isOnlinePhysicalCopy")
        stop_online_copy(cl, name)


def clones(cl):
    src = Volume("5e1d7c3a-2b4f-4a6e-8d9c-0f1e2d3c4b5a", "golden image")
    cl.request("POST", "/volumes", {"name": src.name, "cpg": CPG, "sizeMiB": 2048,
                                    "comment": comment_of(src), "tpvv": True,
                                    "snapCPG": SNAP_CPG, "tdvv": False})
    w.write("site-a", src.name, 0, "600M", 31)
    # create_cloned_volume, same size: a temporary snapshot copied online
    snap = "tss-" + encode("0d1c2b3a-4f5e-4d6c-8b7a-9f8e7d6c5b4a")
    cl.request("POST", "/volumes/" + src.name, {"action": "createSnapshot", "parameters": {
        "name": snap, "comment": json.dumps({"volume_name": "volume-" + src.id,
                                             "volume_id": src.id}),
        "expirationHours": 1}})
    clone = Volume("6f2e8d4b-3c5a-4b7f-9e0d-1a2b3c4d5e6f", "clone")
    body = cl.request("POST", "/volumes/" + snap, {"action": "createPhysicalCopy", "parameters": {
        "destVolume": clone.name, "destCPG": CPG, "tpvv": True, "online": True,
        "snapCPG": SNAP_CPG, "tdvv": False}})
    task = cl.get("/tasks/%d" % body["taskid"])
    check(task["status"] == 2 and task["type"] == 18 and task["name"] == clone.name,
          "the online copy runs as a task: %r" % task)
    check(task["totalSteps"] == 600, "its steps are the 600 MiB written")
    cl.get("/volumes/" + clone.name)             # usable at once
    delete_volume(cl, clone.name)                # deleted while it copies
    w.expect(404, 23, cl.get, "/volumes/" + clone.name)
    check(find_task(cl, clone.name, active=False)["status"] == 3, "the copy was cancelled")

    # a larger clone: the destination first, an offline copy, wait for it
    big = Volume("7a3f9e5c-4d6b-4c8a-8f1e-2b3c4d5e6f70", "bigger clone")
    cl.request("POST", "/volumes", {"name": big.name, "cpg": CPG, "sizeMiB": 4096,
                                    "comment": comment_of(big), "tpvv": True,
                                    "snapCPG": SNAP_CPG, "tdvv": False})
    body = cl.request("POST", "/volumes/" + src.name, {
        "action": "createPhysicalCopy", "parameters": {"destVolume": big.name,
                                                       "priority": 1}})
    for _ in range(10):                          # _wait_for_task_completion
        if cl.get("/tasks/%d" % body["taskid"])["status"] != 2:
            break
        w.advance("1s")
    check(cl.get("/tasks/%d" % body["taskid"])["status"] == 1, "the offline copy is done")
    blocks = [w.ctl("GET", "/arrays/site-a/volumes/%s/digest" % n)["blocks"]
              for n in (src.name, big.name)]
    check(blocks[0] == blocks[1] == 600 * 64, "the copy holds the source's blocks: %r" % blocks)
    for name in (big.name, snap, src.name):
        cl.request("DELETE", "/volumes/" + name)


def main():
    api = requests.get(w.P_URL[:-len("/v1")], timeout=30).json()
    check(api["build"] >= 30202290, "replication needs WSAPI build >= 30202290")
    P, S = w.P, w.S
    P.login("3paradm", "3pardata")
    S.login("3paradm", "3pardata")     # _create_replication_client
    P.get("/cpgs/" + CPG)

    v = Volume("ecffc30f-98cb-4cf5-85ee-d7309cc17cd2", "db01-data " + "x" * 120)
    create_volume(P, v)
    got = P.get("/volumes/" + v.name)
    check(got["comment"] == comment_of(v), "the volume keeps the whole comment document")
    check(json.loads(got["comment"])["volume_id"] == v.id, "the comment parses")
    check(S.get("/volumes/" + v.name)["sizeMiB"] == 1024, "the secondary was auto-created")
    peer = S.get("/remotecopygroups/" + remote_rcg(v))
    check(peer["targets"][0]["syncPeriod"] == 900, "the period reached the peer group")
    w.advance_until_synced(P, v.rcg)

    # host data, carried by the next periodic sync (900 s)
    w.write("site-a", v.name, 0, "2M", 21)
    w.advance("901s")
    w.advance_until_synced(P, v.rcg)
    check(w.digest("site-a", v.name) == w.digest("site-b", v.name), "synced at the period")

    # the primary site is lost: failover_host to the secondary
    failover_host(P, S, [v])
    g = S.get("/remotecopygroups/" + remote_rcg(v))
    check(g["role"] == 1 and g["targets"][0]["roleReversed"], "S is Primary-Rev")
    w.write("site-b", v.name, 4 << 20, "1M", 22)          # the workload runs on S now
    check(not ready_for_failback(S, [v]), "failback refused before the arrays are restored")

    # the admin resynchronizes and resumes replication on the arrays
    S.request("POST", "/remotecopygroups/" + remote_rcg(v), {"action": 9})     # recover
    w.advance_until_synced(S, remote_rcg(v))
    check(not ready_for_failback(S, [v]), "failback refused while the roles are reversed")
    S.request("POST", "/remotecopygroups/" + remote_rcg(v), {"action": 10})    # restore
    for _ in range(60):
        if ready_for_failback(S, [v]):
            break
        w.advance("1s")
    check(ready_for_failback(S, [v]), "failback allowed once natural, started and synced")
    check(w.digest("site-a", v.name) == w.digest("site-b", v.name),
          "the data written during the failover reached the primary")
    v.replication_status = "available"

    # delete_volume, back on the primary
    destroy(P, v, v.rcg)
    w.expect(404, 23, P.get, "/volumes/" + v.name)
    w.expect(404, 23, S.get, "/volumes/" + v.name)
    w.expect(404, 187, S.get, "/remotecopygroups/" + remote_rcg(v))

    # a volume deleted while failed over
    v2 = Volume("3b5c2a4e-1f6d-4e8a-9c7b-5d4e3f2a1b0c", "scratch")
    create_volume(P, v2)
    w.advance_until_synced(P, v2.rcg)
    failover_host(P, S, [v2])
    delete_failed_over(S, v2)
    w.expect(404, 23, S.get, "/volumes/" + v2.name)
    w.expect(404, 187, S.get, "/remotecopygroups/" + remote_rcg(v2))
    check(S.get("/remotecopytargets/site-a")["policies"]["mirrorConfig"] is True,
          "mirror_config is back on")
    clones(P)
    P.logout()
    S.logout()
    print("ok cinder replicated volume: create, failover, failback, delete")


if __name__ == "__main__":
    main()
