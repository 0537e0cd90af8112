# -*- coding: utf-8 -*-
"""Servers (list, detail, --servers files), reset restoring the starting world, and the volume control endpoints."""

import json
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from conftest import SCRIPT, VOLUME_DELAY
from signed_client import SignedClient


def control(url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(url + path, data=data, method=method)) as answer:
        return json.load(answer)


def server_numbers(reply):
    assert reply.status == 200, reply
    return [row["serverInstanceNo"] for row in reply.rows("getServerInstanceList")]


def test_default_servers(api):
    reply = api.call("getServerInstanceList")
    rows = {row["serverInstanceNo"]: row for row in reply.rows("getServerInstanceList")}
    assert list(rows) == ["2912301", "2912302", "2912303", "2912304"]
    assert {no: (row["hypervisorType"]["code"], row["zoneCode"], row["serverInstanceStatus"]["code"]) for no, row in rows.items()} == {
        "2912301": ("XEN", "KR-2", "RUN"),
        "2912302": ("KVM", "KR-1", "RUN"),
        "2912303": ("KVM", "KR-1", "RUN"),
        "2912304": ("XEN", "KR-2", "RUN"),
    }
    assert rows["2912301"]["regionCode"] == "KR" and rows["2912301"]["serverInstanceOperation"]["code"] == "NULL"
    assert server_numbers(api.call("getServerInstanceList", {"regionCode": "SGN"})) == []


def test_server_filters_paging_and_detail(api):
    assert server_numbers(api.call("getServerInstanceList", {"hypervisorTypeCodeList.1": "KVM"})) == ["2912302", "2912303"]
    assert server_numbers(api.call("getServerInstanceList", {"serverInstanceNoList.1": "2912304", "serverInstanceNoList.2": "1"})) == ["2912304"]
    assert server_numbers(api.call("getServerInstanceList", {"serverName": "kvm-rescue"})) == ["2912303"]
    assert server_numbers(api.call("getServerInstanceList", {"serverInstanceStatusCode": "NSTOP"})) == []
    page = api.call("getServerInstanceList", {"pageNo": "2", "pageSize": "3"})
    assert (server_numbers(page), page.json()["getServerInstanceListResponse"]["totalRows"]) == (["2912304"], 4)
    assert api.call("getServerInstanceDetail", {"serverInstanceNo": "2912302"}).rows("getServerInstanceDetail")[0]["serverName"] == "kvm-app"
    assert api.call("getServerInstanceDetail", {"serverInstanceNo": "1"}).rows("getServerInstanceDetail") == []


def test_volumes_name_existing_servers(api):
    servers = set(server_numbers(api.call("getServerInstanceList")))
    attached = [row for row in api.call("getBlockStorageInstanceList").rows("getBlockStorageInstanceList") if row["serverInstanceNo"]]
    assert {row["serverInstanceNo"] for row in attached} <= servers
    assert {(row["blockStorageInstanceNo"], row["deviceName"]) for row in attached} == {
        ("3081227", "/dev/xvdb"),
        ("3081228", "/dev/xvdc"),
        ("3081230", "/dev/vda"),
        ("3081231", "/dev/vdb"),
    }


def test_reset_restores_volumes_servers_and_numbers(emulator, vols, clock):
    vols.delete("3081232")
    vols.detach("3081231")
    vols.ok("setBlockStorageReturnProtection", blockStorageInstanceNo="3081233", isReturnProtection="true")
    vols.ok("createBlockStorageInstance", zoneCode="KR-1", blockStorageVolumeTypeCode="CB1", blockStorageSize="10")
    emulator.set_server_status("2912301", "NSTOP")
    clock.advance(2 * VOLUME_DELAY)
    control(emulator.url, "POST", "/_emulator/reset")
    assert [row["blockStorageInstanceNo"] for row in emulator.volumes() if row["regionCode"] == "KR"] == [
        "3081227",
        "3081228",
        "3081230",
        "3081231",
        "3081232",
        "3081233",
    ]
    assert vols.detail("3081231")["deviceName"] == "/dev/vdb" and vols.detail("3081233")["isReturnProtection"] is False
    assert {row["serverInstanceStatus"]["code"] for row in emulator.servers()} == {"RUN"}
    assert (
        vols.ok("createBlockStorageInstance", zoneCode="KR-1", blockStorageVolumeTypeCode="CB1", blockStorageSize="10")["blockStorageInstanceNo"] == "3090001"
    )


def test_control_endpoints_for_volumes_servers_and_volume_delay(emulator, vols, clock):
    assert len(control(emulator.url, "GET", "/_emulator/volumes")["volumes"]) == 10
    servers = control(emulator.url, "POST", "/_emulator/servers/2912302", {"status": "NSTOP"})["servers"]
    assert [row["serverInstanceStatus"]["code"] for row in servers if row["serverInstanceNo"] == "2912302"] == ["NSTOP"]
    assert control(emulator.url, "GET", "/_emulator/config")["volume_delay"] == VOLUME_DELAY
    assert control(emulator.url, "POST", "/_emulator/config", {"volume_delay": 0.5})["volume_delay"] == 0.5
    vols.detach("3081231")
    clock.advance(0.5)
    assert vols.state("3081231") == ("CREAT", "NULL", "detached")
    with pytest.raises(urllib.error.HTTPError) as caught:
        control(emulator.url, "POST", "/_emulator/servers/2912302", {"status": "SLEEPING"})
    assert caught.value.code == 400


def test_servers_file_and_volume_delay_flag(run_cli, tmp_path):
    servers = tmp_path / "servers.json"
    servers.write_text(
        json.dumps(
            [
                {
                    "serverInstanceNo": "8000001",
                    "hypervisorType": "KVM",
                    "regionCode": "KR",
                    "zoneCode": "KR-2",
                    "serverName": "mine",
                    "serverInstanceStatus": "NSTOP",
                }
            ]
        )
    )
    url = run_cli("--servers", str(servers), "--volume-delay", "0")
    client = SignedClient(url)
    assert server_numbers(client.call("getServerInstanceList")) == ["8000001"]
    assert client.call("attachBlockStorageInstance", {"blockStorageInstanceNo": "3081233", "serverInstanceNo": "8000001"}).status == 200
    row = client.call("getBlockStorageInstanceDetail", {"blockStorageInstanceNo": "3081233"}).rows("getBlockStorageInstanceDetail")[0]
    assert (row["serverInstanceNo"], row["deviceName"], row["blockStorageInstanceStatus"]["code"]) == ("8000001", "/dev/vdb", "ATTAC")


@pytest.mark.parametrize(
    "entry",
    [
        {"serverInstanceNo": "x", "hypervisorType": "KVM"},
        {"serverInstanceNo": "1", "hypervisorType": "HVM"},
        {"serverInstanceNo": "1", "hypervisorType": "KVM", "colour": "red"},
    ],
)
def test_bad_servers_file_exits_with_a_message(tmp_path, entry):
    path = tmp_path / "servers.json"
    path.write_text(json.dumps([entry]))
    result = subprocess.run([sys.executable, SCRIPT, "--port", "0", "--servers", str(path)], capture_output=True, text=True, timeout=20, check=False)
    assert result.returncode != 0 and "ncloud_emulator:" in result.stderr


def test_server_and_volume_answers_in_xml(api):
    servers = ET.fromstring(api.call("getServerInstanceDetail", {"serverInstanceNo": "2912303"}, fmt="xml").text)
    assert servers.findtext("serverInstanceList/serverInstance/serverInstanceNo") == "2912303"
    created = ET.fromstring(
        api.call("createBlockStorageInstance", {"zoneCode": "KR-1", "blockStorageVolumeTypeCode": "CB1", "blockStorageSize": "10"}, fmt="xml").text
    )
    assert created.findtext("blockStorageInstanceList/blockStorageInstance/blockStorageInstanceStatusName") == "creating"


def test_servers_carry_their_addresses_and_interfaces(api):
    rows = {row["serverInstanceNo"]: row for row in api.call("getServerInstanceList").rows("getServerInstanceList")}
    assert (rows["2912301"]["publicIp"], rows["2912303"]["publicIp"]) == ("203.0.113.11", "")
    assert (rows["2912302"]["serverSpecCode"], rows["2912301"]["serverSpecCode"]) == ("s2-g3", "s2-g2-s50")
    assert rows["2912302"]["networkInterfaceNoList"] == ["3912302"] and "privateIp" not in rows["2912302"]

    def nics(params=None):
        reply = api.call("getNetworkInterfaceList", params or {})
        assert reply.status == 200, reply
        return [(row["networkInterfaceNo"], row["instanceNo"], row["ip"], row["isDefault"]) for row in reply.rows("getNetworkInterfaceList")]

    assert nics() == [
        ("3912301", "2912301", "10.44.112.45", True),
        ("3912302", "2912302", "10.44.112.46", True),
        ("3912303", "2912303", "10.44.112.47", True),
        ("3912304", "2912304", "10.44.112.48", True),
    ]
    assert nics({"networkInterfaceNoList.1": "3912303", "networkInterfaceNoList.2": "1"}) == [("3912303", "2912303", "10.44.112.47", True)]
    assert nics({"instanceNo": "2912304"}) == [("3912304", "2912304", "10.44.112.48", True)]
    assert nics({"ip": "10.44.112.45"}) == [("3912301", "2912301", "10.44.112.45", True)]
    assert nics({"regionCode": "SGN"}) == []
    page = api.call("getNetworkInterfaceList", {"pageNo": "2", "pageSize": "3"})
    assert page.json()["getNetworkInterfaceListResponse"]["totalRows"] == 4 and len(page.rows("getNetworkInterfaceList")) == 1
