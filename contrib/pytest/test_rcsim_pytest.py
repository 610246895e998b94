"""The rcsim pytest plugin's own tests (make check runs them): the session
server's addresses answer, each test starts from the fixture, and the
helpers drive the CLI, links, power, the clock, host I/O, timed faults and
events as a failover test would."""

import socket
import urllib.error
import urllib.request

import pytest

from rcsim_pytest import RcsimError


def test_every_array_listens_on_its_own_port_of_one_address(rcsim):
    ports = set()
    for name in ("site-a", "site-b"):
        a = rcsim.arrays[name]
        assert a.ssh_host == "127.0.0.1" and a.wsapi_address == "127.0.0.1"
        ports |= {a.ssh_port, a.wsapi_url.rsplit(":", 1)[1]}
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(a.wsapi_url + "/system", timeout=10)
        assert e.value.code == 401          # a WSAPI: it wants a session
        with socket.create_connection((a.ssh_host, a.ssh_port), timeout=10) as s:
            assert s.recv(64).startswith(b"SSH-2.0-")
    assert len(ports) == 4


def test_cli_io_and_digests(rcsim):
    rcsim.cli("site-a", "createvv -tpvv FC_r1 vol1 1g", check=True)
    rcsim.io_write("site-a", "vol1", offset=0, length=1 << 20, pattern=7)
    rcsim.io_write("site-a", "vol1", offset=1 << 20, data=b"hello")
    assert rcsim.io_read("site-a", "vol1", 1 << 20, 5) == b"hello"
    assert len(rcsim.digest("site-a", "vol1")) == 32
    r = rcsim.cli("site-a", "removevv vol1")
    assert r.prompt and "remove" in r.prompt     # a question, answered no
    assert rcsim.cli("site-a", "removevv vol1", answers=["y"]).status == 0


def test_each_test_starts_from_the_fixture(rcsim):
    # the volume of the test before is gone
    assert "no vv listed" in rcsim.cli("site-a", "showvv vol1").output
    assert rcsim.status()["arrays"][0]["volumes"] == 0


def test_refusals_raise_with_the_engine_code(rcsim):
    with pytest.raises(RcsimError) as e:
        rcsim.digest("site-a", "nosuch")
    assert e.value.code == "no_such_volume" and e.value.status == 404
    assert rcsim.cli("site-a", "createvv -tpvv NOCPG v 1g").status == 1


def _synced_group(rcsim):
    rcsim.cli("site-a", "creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 "
              "site-b:FC_r5 g site-b:sync", check=True)
    rcsim.cli("site-a", "createvv -tpvv -snp_cpg FC_r5 FC_r1 v 1g", check=True)
    rcsim.cli("site-a", "admitrcopyvv -createvv v g site-b:v", check=True)
    rcsim.cli("site-a", "setrcopygroup pol auto_recover g", check=True)
    rcsim.cli("site-a", "startrcopygroup g", check=True)
    rcsim.advance("10s")
    assert rcsim.groups("site-a", "g")["pairs"][0]["status"] == "Synced"


def test_a_link_cut_stops_the_group_and_auto_recover_restarts_it(rcsim):
    _synced_group(rcsim)
    mark = rcsim.last_event_id()
    rcsim.link_down("site-a", "site-b")
    rcsim.advance("30s")                    # heartbeat and target timeouts
    assert rcsim.groups("site-a", "g")["status"] == "Stopped"
    assert rcsim.events(since=mark, kind="target_failed")
    rcsim.io_write("site-a", "v", offset=0, length=65536, pattern=2)
    rcsim.link_up("site-a", "site-b")
    rcsim.advance("10s")
    assert rcsim.groups("site-a", "g")["status"] == "Started"
    assert rcsim.digest("site-a", "v") == rcsim.digest("site-b", "v")


def test_array_power_and_the_clock(rcsim):
    t0 = rcsim.clock()["now_ms"]
    rcsim.array_down("site-b")
    assert rcsim.status()["arrays"][1]["power"] == "off"
    with pytest.raises(RcsimError) as e:
        rcsim.cli("site-b", "showsys")
    assert e.value.code == "powered_off"
    rcsim.array_up("site-b")
    rcsim.advance(90000)
    assert rcsim.clock()["now_ms"] == t0 + 90000
    rcsim.array_reboot("site-a")


def test_timed_faults_happen_as_the_clock_moves(rcsim):
    _synced_group(rcsim)
    todo = rcsim.schedule([{"at": "+5m", "for": "90s", "link": "down",
                            "a": "site-a", "b": "site-b"}], name="cut")
    assert [f["link"] for f in todo] == ["down", "up"]
    rcsim.advance("5m30s")
    assert rcsim.groups("site-a", "g")["status"] == "Stopped"
    rcsim.advance("2m")
    assert rcsim.groups("site-a", "g")["status"] == "Started"
    assert len(rcsim.events(kind="timed_fault")) == 2
