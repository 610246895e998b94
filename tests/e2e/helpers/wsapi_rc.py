#!/usr/bin/python3
"""tests/e2e/helpers/wsapi_rc.py - python-3parclient's remote-copy calls,
replayed against a running rcsim over HTTP (requests) and SSH (paramiko), as
the client and its test_22 tests make them (docs/array-interfaces.md §1.2,
§3.2, §4.2, §4.3).

Usage: wsapi_rc.py <control URL> <port offset>
  Runs every test_22_* sequence between the suite's setUp and tearDown, then
  a full DR cycle (host data, stop, failover, recover, restore, delete with
  keepSnap) and the refusals. The manual clock is moved through the control
  API instead of sleeping. Exit status 0, or 1 with the failed step."""
import json
import os
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ssh_hpe  # noqa: E402

CTL = sys.argv[1].rstrip("/") + "/sim/v1"
OFF = int(sys.argv[2])
TOKEN = os.environ.get("RCSIM_TOKEN")
P_URL = "http://127.0.0.1:%d/api/v1" % (8008 + OFF)
S_URL = "http://127.0.0.2:%d/api/v1" % (8008 + OFF)
SSH_PORT = 2222 + OFF
T = "101530"
G = "RCG1_UNIT_TEST" + T
V = "RC_VOLUME1_UNIT_TEST" + T
C1, C2 = "CPG1_UNIT_TEST" + T, "CPG2_UNIT_TEST" + T
TARGET = "site-b"          # [TEST_REMOTE_COPY] target_name: the target on P
DOMAIN = "UNIT_TEST_DOMAIN"


def fail(msg):
    sys.stderr.write("wsapi_rc: FAIL: %s\n" % msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


class HTTPError(Exception):
    def __init__(self, status, body):
        self.status = status
        self.body = body if isinstance(body, dict) else {}
        self.code = self.body.get("code")
        Exception.__init__(self, "HTTP %d %s %s" % (status, self.code, self.body.get("desc")))


class Client:
    """The parts of hpe3parclient's HTTPJSONRESTClient that matter here: a
    new connection per request, the session header, JSON bodies, and one
    silent re-login and replay on any 401 or 403 (§1.2)."""

    def __init__(self, url):
        self.url = url
        self.key = None
        self.user = self.pw = None

    def _send(self, method, path, body):
        headers = {"User-Agent": "python-3parclient", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.key:
            headers["X-Hp3Par-Wsapi-Sessionkey"] = self.key
        data = body if isinstance(body, str) or body is None else json.dumps(body)
        r = requests.request(method, self.url + path, data=data, headers=headers, timeout=30)
        parsed = None
        if r.text:
            try:
                parsed = r.json()
            except ValueError:
                parsed = r.text
        return r.status_code, parsed, r.headers

    def login(self, user, pw):
        self.user, self.pw = user, pw
        st, body, _ = self._send("POST", "/credentials", {"user": user, "password": pw})
        if st >= 400:
            raise HTTPError(st, body)
        self.key = body["key"]

    def logout(self):
        st, body, _ = self._send("DELETE", "/credentials/%s" % self.key, None)
        check(st < 400, "logout: %d" % st)

    def request(self, method, path, body=None):
        st, parsed, headers = self._send(method, path, body)
        if st in (401, 403) and self.user:
            self.login(self.user, self.pw)
            st, parsed, headers = self._send(method, path, body)
        if st >= 400:
            if not isinstance(parsed, dict):
                fail("%s %s: %d with a body that is not a JSON object: %r"
                     % (method, path, st, parsed))
            raise HTTPError(st, parsed)
        self.headers = headers
        return parsed

    def get(self, path):
        return self.request("GET", path)


def expect(status, code, fn, *args):
    """fn(*args) must raise HTTPError with this status (and code, unless
    None)."""
    try:
        fn(*args)
    except HTTPError as e:
        check(e.status == status and (code is None or e.code == code),
              "%s%r: got %d/%s, want %d/%s" % (fn.__name__, args, e.status, e.code, status,
                                               code))
        return e
    fail("%s%r succeeded, want %d/%s" % (fn.__name__, args, status, code))


def swallow(fn, *args):
    try:
        fn(*args)
    except HTTPError:
        pass


def ctl(method, path, body=None):
    headers = {"Authorization": "Bearer " + TOKEN} if TOKEN else {}
    r = requests.request(method, CTL + path, json=body, headers=headers, timeout=60)
    check(r.status_code < 300, "control %s %s: %d %s" % (method, path, r.status_code, r.text))
    return r.json() if r.text else None


REAL = os.environ.get("WSAPI_RC_REAL_CLOCK") == "1"


def advance(by):
    """Moves the manual clock; with WSAPI_RC_REAL_CLOCK=1 (a server on the
    real clock, as the client's own tests run) sleeps instead."""
    if REAL:
        time.sleep(int(by[:-1]) * {"s": 1, "m": 60}[by[-1]])
        return
    ctl("POST", "/clock/advance", {"by": by})


def digest(array, vv):
    return ctl("GET", "/arrays/%s/volumes/%s/digest" % (array, vv))["digest"]


def write(array, vv, offset, length, pattern):
    ctl("POST", "/arrays/%s/volumes/%s/write" % (array, vv),
        {"offset": offset, "length": length, "pattern": pattern})


def ssh(host, cmd):
    c = ssh_hpe.connect(host, SSH_PORT)
    try:
        return ssh_hpe.one_command(c, cmd)
    finally:
        c.close()


# ---- the client's calls (hpe3parclient/client.py, §3.2) ------------------------

def createCPG(cl, name):
    cl.request("POST", "/cpgs", {"name": name, "domain": DOMAIN,
                                 "LDLayout": {"HA": 3, "diskPatterns": [{"diskType": 3}]}})


def deleteCPG(cl, name):
    cl.request("DELETE", "/cpgs/%s" % name)


def createVolume(cl, name, cpg, size, optional):
    body = {"name": name, "cpg": cpg, "sizeMiB": size}
    body.update(optional)
    cl.request("POST", "/volumes", body)


def getVolume(cl, name):
    return cl.get("/volumes/%s" % name)


def deleteVolume(cl, name):
    cl.request("DELETE", "/volumes/%s" % name)


def createRemoteCopyGroup(cl, name, targets, optional):
    body = {"name": name, "targets": targets}
    body.update(optional)
    return cl.request("POST", "/remotecopygroups", body)


def getRemoteCopyGroup(cl, name):
    return cl.get("/remotecopygroups/%s" % name)


def removeRemoteCopyGroup(cl, name, keep_snap=False):
    cl.request("DELETE", "/remotecopygroups/%s?keepSnap=%s"
               % (name, "true" if keep_snap else "false"))


def modifyRemoteCopyGroup(cl, name, optional):
    cl.request("PUT", "/remotecopygroups/%s" % name, optional)


def addVolumeToRemoteCopyGroup(cl, name, vol, targets, optional):
    body = {"action": 1, "volumeName": vol, "targets": targets}
    body.update(optional)
    cl.request("PUT", "/remotecopygroups/%s" % name, body)


def removeVolumeFromRemoteCopyGroupSSH(host, name, vol):
    # removeFromTarget=True, useHttpDelete=False: output ignored
    ssh(host, "dismissrcopyvv -f -removevv %s %s" % (vol, name))


def startRemoteCopy(cl, name, optional=None):
    body = {"action": 3}
    body.update(optional or {})
    cl.request("PUT", "/remotecopygroups/%s" % name, body)


def stopRemoteCopy(cl, name, optional=None):
    body = {"action": 4}
    body.update(optional or {})
    cl.request("PUT", "/remotecopygroups/%s" % name, body)


def synchronizeRemoteCopyGroup(cl, name, optional=None):
    body = {"action": 5}
    body.update(optional or {})
    cl.request("PUT", "/remotecopygroups/%s" % name, body)


def recoverRemoteCopyGroupFromDisaster(cl, name, action, optional=None):
    body = {"action": action}
    body.update(optional or {})
    return cl.request("POST", "/remotecopygroups/%s" % name, body)


# ---- setUp / tearDown of the Volume test class (§4.2) ------------------------

P = Client(P_URL)
S = Client(S_URL)


def setUp():
    S.login("3paradm", "3pardata")        # S logs in before P
    P.login("3paradm", "3pardata")
    ports = P.get("/ports")
    check(any(p["linkState"] == 4 and p["mode"] == 2 and not p.get("device")
              for p in ports["members"]), "setUp finds a free target port")
    for cl in (P, S):
        swallow(createCPG, cl, C1)
        swallow(createCPG, cl, C2)


def tearDown():
    for n in (C1, C2):
        swallow(deleteCPG, P, n)
    swallow(stopRemoteCopy, P, G)
    removeVolumeFromRemoteCopyGroupSSH("127.0.0.1", G, V)
    swallow(removeRemoteCopyGroup, P, G)
    swallow(deleteVolume, P, V)
    for fn, arg in ((deleteVolume, V), (deleteCPG, C1), (deleteCPG, C2)):
        swallow(fn, S, arg)
    P.logout()
    S.logout()
    # what the next test would collide with (§4.3 "Leftovers cascade")
    probe = Client(P_URL)
    probe.login("3paradm", "3pardata")
    check(probe.get("/remotecopygroups")["total"] == 0, "a group left on P")
    probe = Client(S_URL)
    probe.login("3paradm", "3pardata")
    check(probe.get("/remotecopygroups")["total"] == 0, "a peer group left on S")
    expect(404, 23, getVolume, probe, V)


def prefix_A(mode=2):
    createRemoteCopyGroup(P, G, [{"targetName": TARGET, "mode": mode, "userCPG": C1,
                                  "snapCPG": C1}],
                          {"localSnapCPG": C1, "localUserCPG": C1, "domain": DOMAIN})
    check(getRemoteCopyGroup(P, G)["name"] == G, "A: P's group")


def prefix_B():
    sysid = str(P.get("/system")["id"])
    check(getRemoteCopyGroup(S, G + ".r" + sysid)["name"] == G + ".r" + sysid,
          "B: S's peer group")
    return sysid


def prefix_V():
    createVolume(P, V, C1, 512, {"comment": "test volume", "tpvv": True, "snapCPG": C1})
    addVolumeToRemoteCopyGroup(P, G, V, [{"targetName": TARGET, "secVolumeName": V}],
                               {"volumeAutoCreation": True})
    vols = getRemoteCopyGroup(P, G)["volumes"]
    check(vols[0]["localVolumeName"] == V, "V: localVolumeName")
    check(vols[0]["remoteVolumes"][0]["remoteVolumeName"] == V, "V: remoteVolumeName")


# ---- test_22_* (§4.3) -------------------------------------------------------------

def test_create_remote_copy_group():
    prefix_A()
    prefix_B()


def test_delete_remote_copy_group():
    prefix_A()
    sysid = prefix_B()
    removeRemoteCopyGroup(P, G)
    expect(404, 187, getRemoteCopyGroup, P, G)
    expect(404, 187, getRemoteCopyGroup, S, G)
    expect(404, 187, getRemoteCopyGroup, S, G + ".r" + sysid)


def test_modify_remote_copy_group():
    prefix_A()
    sysid = prefix_B()
    modifyRemoteCopyGroup(P, G, {"targets": [{"targetName": TARGET, "syncPeriod": 300}]})
    check(getRemoteCopyGroup(P, G)["targets"][0]["syncPeriod"] == 300, "P syncPeriod")
    check(getRemoteCopyGroup(S, G + ".r" + sysid)["targets"][0]["syncPeriod"] == 300,
          "S syncPeriod")


def test_add_volume_to_remote_copy_group():
    prefix_A()
    prefix_B()
    prefix_V()


def test_add_volume_to_remote_copy_group_nonExistVolume():
    prefix_A()
    prefix_B()
    expect(404, 23, addVolumeToRemoteCopyGroup, P, G, "BAD_VOLUME_NAME",
           [{"targetName": TARGET, "secVolumeName": V}], {})


def test_remove_volume_from_remote_copy_group():
    prefix_A()
    prefix_V()
    removeVolumeFromRemoteCopyGroupSSH("127.0.0.1", G, V)
    check(getRemoteCopyGroup(P, G)["volumes"] == [], "P volumes == []")
    expect(404, 23, getVolume, S, V)


def test_start_remote_copy():
    prefix_A()
    prefix_V()
    startRemoteCopy(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["state"] == 3, "started: state 3")


def test_stop_remote_copy():
    prefix_A()
    prefix_V()
    startRemoteCopy(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["state"] == 3, "started: state 3")
    stopRemoteCopy(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["state"] == 5, "stopped: state 5")


def test_synchronize_remote_copy_group():
    prefix_A()
    prefix_V()
    startRemoteCopy(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["state"] == 3, "started: state 3")
    synchronizeRemoteCopyGroup(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["groupLastSyncTime"] is not None,
          "groupLastSyncTime after action 5")


def test_failover_remote_copy_group():
    prefix_A()
    prefix_V()
    startRemoteCopy(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["state"] == 3, "started: state 3")
    stopRemoteCopy(P, G)
    check(getRemoteCopyGroup(P, G)["targets"][0]["state"] == 5, "stopped: state 5")
    sysid = str(P.get("/system")["id"])
    peer = G + ".r" + sysid
    recoverRemoteCopyGroupFromDisaster(S, peer, 7)          # FAILOVER_GROUP
    check(getRemoteCopyGroup(S, peer)["targets"][0]["roleReversed"] is True,
          "S roleReversed after action 7")
    recoverRemoteCopyGroupFromDisaster(S, peer, 10)         # RESTORE_GROUP
    advance("10s")                                          # the test's sleep(10)


# ---- a full DR cycle with host data, and the refusals -----------------------------

def group_state(cl, name):
    g = getRemoteCopyGroup(cl, name)
    return g["role"], g["targets"][0]["roleReversed"], g["targets"][0]["state"]


def advance_until_synced(cl, name, limit=600):
    for _ in range(limit):
        vols = getRemoteCopyGroup(cl, name)["volumes"]
        if vols and all(r["syncStatus"] == 3 for v in vols for r in v["remoteVolumes"]):
            return
        advance("1s")
    fail("%s not synced after %d s" % (name, limit))


def dr_cycle():
    prefix_A()
    sysid = prefix_B()
    peer = G + ".r" + sysid
    prefix_V()
    g = getRemoteCopyGroup(S, peer)
    check(g["volumes"][0]["localVolumeName"] == V, "S holds the secondary")
    check(getVolume(S, V)["sizeMiB"] == 512, "secondary made at the same size")
    info = P.get("/remotecopy")
    check(info["mode"] == 2 and info["status"] == 1, "GET /remotecopy: started")
    check(P.get("/remotecopytargets/" + TARGET)["policies"]["mirrorConfig"] is True,
          "target mirrors configuration")
    check(P.get("/remotecopylinks")["total"] == 2, "two links")

    # refusals before start
    expect(409, 237, createRemoteCopyGroup, P, G,
           [{"targetName": TARGET, "mode": 2}], {})
    expect(403, 194, createRemoteCopyGroup, P, "RCG2_UNIT_TEST" + T,
           [{"targetName": "nosuch", "mode": 2}], {})
    expect(400, 12, createRemoteCopyGroup, P, "RCG2_UNIT_TEST" + T,
           [{"targetName": TARGET, "mode": 2}], {"bogus": 1})
    expect(400, 46, createRemoteCopyGroup, P, "RCG2_UNIT_TEST" + T,
           [{"targetName": TARGET, "mode": 7}], {})
    expect(400, 39, createRemoteCopyGroup, P, "RCG2_UNIT_TEST" + T,
           [{"targetName": TARGET, "mode": "periodic"}], {})
    expect(400, None, P.request, "POST", "/remotecopygroups", '{"name": "x", "targets": [')
    expect(404, 187, getRemoteCopyGroup, P, "NOSUCH_GROUP")
    expect(403, None, startRemoteCopy, S, peer)               # only on the primary side
    expect(400, 46, P.request, "PUT", "/remotecopygroups/" + G, {"action": 7})
    expect(400, 46, P.request, "POST", "/remotecopygroups/" + G, {"action": 3})

    startRemoteCopy(P, G)
    check(group_state(P, G) == (1, False, 3), "P Primary, started")
    check(group_state(S, peer) == (2, False, 3), "S Secondary, started")
    expect(403, 215, startRemoteCopy, P, G)
    expect(403, 215, removeRemoteCopyGroup, P, G)
    advance_until_synced(P, G)

    # host data on P reaches S at the next sync (periodic)
    write("site-a", V, 0, "1M", 11)
    write("site-a", V, 8 << 20, "64K", 12)
    check(digest("site-a", V) != digest("site-b", V), "periodic: S behind until a sync")
    synchronizeRemoteCopyGroup(P, G)
    advance_until_synced(P, G)
    check(digest("site-a", V) == digest("site-b", V), "digests equal after the sync")
    check(getRemoteCopyGroup(P, G)["targets"][0]["groupLastSyncTime"] is not None,
          "groupLastSyncTime")

    stopRemoteCopy(P, G)
    check(group_state(P, G)[2] == 5 and group_state(S, peer)[2] == 5, "stopped on both")
    expect(403, None, recoverRemoteCopyGroupFromDisaster, P, G, 7)   # not on the primary
    expect(400, 29, recoverRemoteCopyGroupFromDisaster, S, peer, 10)  # not switched yet

    recoverRemoteCopyGroupFromDisaster(S, peer, 7)
    check(group_state(S, peer) == (1, True, 5), "S Primary-Rev, stopped")
    check(group_state(P, G) == (2, True, 5), "P Secondary-Rev, stopped")
    write("site-b", V, 16 << 20, "128K", 13)                 # the DR side takes writes
    recoverRemoteCopyGroupFromDisaster(S, peer, 9)
    check(group_state(S, peer) == (1, True, 3), "S Primary-Rev, started")
    check(group_state(P, G) == (2, True, 3), "P Secondary-Rev, started")
    expect(403, 284, recoverRemoteCopyGroupFromDisaster, S, peer, 9)
    advance_until_synced(S, peer)
    check(digest("site-a", V) == digest("site-b", V), "S's data flowed back to P")

    recoverRemoteCopyGroupFromDisaster(S, peer, 10)
    advance("1s")
    advance_until_synced(P, G)
    check(group_state(P, G) == (1, False, 3), "P Primary again, started")
    check(group_state(S, peer) == (2, False, 3), "S Secondary again, started")
    write("site-a", V, 0, "16K", 14)
    synchronizeRemoteCopyGroup(P, G)
    advance_until_synced(P, G)
    check(digest("site-a", V) == digest("site-b", V), "natural direction replicates")

    # browse may only read; a refused write changes nothing
    b = Client(P_URL)
    b.login("browse", "browse")
    b.get("/remotecopygroups/" + G)
    expect(403, None, stopRemoteCopy, b, G)
    check(group_state(P, G)[2] == 3, "browse's stop changed nothing")

    stopRemoteCopy(P, G)
    removeRemoteCopyGroup(P, G, keep_snap=True)
    expect(404, 187, getRemoteCopyGroup, P, G)
    expect(404, 187, getRemoteCopyGroup, S, peer)
    names = [v["name"] for v in P.get("/volumes")["members"]]
    check(any(n.startswith("sv.rcpy.") for n in names), "keepSnap kept the resync snapshot")
    for n in names:
        if n.startswith("sv.rcpy."):
            deleteVolume(P, n)


TESTS = [
    test_create_remote_copy_group,
    test_delete_remote_copy_group,
    test_modify_remote_copy_group,
    test_add_volume_to_remote_copy_group,
    test_add_volume_to_remote_copy_group_nonExistVolume,
    test_remove_volume_from_remote_copy_group,
    test_start_remote_copy,
    test_stop_remote_copy,
    test_synchronize_remote_copy_group,
    test_failover_remote_copy_group,
    dr_cycle,
]


def main():
    for t in TESTS:
        setUp()
        try:
            t()
        except HTTPError as e:
            fail("%s: %s" % (t.__name__, e))
        tearDown()
        print("ok %s" % t.__name__)


if __name__ == "__main__":
    main()
