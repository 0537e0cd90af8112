# -*- coding: utf-8 -*-
"""The command line contract: one "listening on" line, flags, env keys, --volumes files."""

import json
import subprocess
import sys
import urllib.request

import pytest

from conftest import SCRIPT
from signed_client import SignedClient


def test_starts_and_serves_with_flags(run_cli):
    url = run_cli("--create-delay", "0", "--fault", "getRegionList:503:1")
    client = SignedClient(url)
    assert client.call("getRegionList").status == 503
    assert client.call("getRegionList").status == 200
    created = client.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": "3081227"})
    number = created.rows("createBlockStorageSnapshotInstance")[0]["blockStorageSnapshotInstanceNo"]
    detail = client.call("getBlockStorageSnapshotInstanceDetail", {"blockStorageSnapshotInstanceNo": number})
    assert detail.rows("getBlockStorageSnapshotInstanceDetail")[0]["blockStorageSnapshotInstanceStatusName"] == "created"


def test_keys_come_from_the_environment(run_cli):
    url = run_cli(env={"NCLOUD_ACCESS_KEY": "MYACCESS", "NCLOUD_SECRET_KEY": "MYSECRET"})
    assert SignedClient(url).call("getRegionList").status == 401
    assert SignedClient(url, access_key="MYACCESS", secret_key="MYSECRET").call("getRegionList").status == 200


def test_volumes_file_replaces_the_defaults(run_cli, tmp_path):
    path = tmp_path / "volumes.json"
    path.write_text(
        json.dumps(
            [
                {
                    "blockStorageInstanceNo": "7000001",
                    "hypervisorType": "KVM",
                    "blockStorageVolumeType": "FB2",
                    "blockStorageSize": 10737418240,
                    "regionCode": "JPN",
                    "zoneCode": "JPN-4",
                }
            ]
        )
    )
    client = SignedClient(run_cli("--volumes", str(path)))
    assert client.call("getBlockStorageInstanceList").rows("getBlockStorageInstanceList") == []
    volumes = client.call("getBlockStorageInstanceList", {"regionCode": "JPN"}).rows("getBlockStorageInstanceList")
    assert [(row["blockStorageInstanceNo"], row["blockStorageVolumeType"]["code"]) for row in volumes] == [("7000001", "FB2")]


@pytest.mark.parametrize("args", [["--volumes", "/nonexistent.json"], ["--fault", "nonsense"], ["--page-cap", "0"]])
def test_bad_arguments_exit_with_a_message(args):
    result = subprocess.run([sys.executable, SCRIPT, "--port", "0", *args], capture_output=True, text=True, timeout=20, check=False)
    assert result.returncode != 0 and result.stdout == ""
    assert "ncloud_emulator:" in result.stderr


def test_behaviour_flags(run_cli):
    url = run_cli(
        "--kvm-incremental",
        "full",
        "--kvm-busy",
        "--no-refuse-delete-while-creating",
        "--page-cap",
        "2",
        "--name-rule",
        "legacy",
        "--no-gateway-details",
        "--regions",
        "KR,FKR",
        "--image-backed",
        "5000009",
    )
    with urllib.request.urlopen(url + "/_emulator/config") as answer:
        config = json.load(answer)
    assert config == dict(
        config,
        kvm_incremental="full",
        kvm_busy=True,
        refuse_delete_while_creating=False,
        page_cap=2,
        name_rule="legacy",
        gateway_details=False,
        regions=["KR", "FKR"],
    )
    client = SignedClient(url)
    made = client.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": "3081230", "snapshotTypeCode": "INCREMENTAL"})
    assert made.rows("createBlockStorageSnapshotInstance")[0]["snapshotType"]["code"] == "FULL"
    assert client.call("getRegionList").rows("getRegionList")[0]["regionCode"] == "KR"
    assert len(client.call("getRegionList").rows("getRegionList")) == 2
    assert "details" not in client.call("getRegionList", secret_key="x").text
