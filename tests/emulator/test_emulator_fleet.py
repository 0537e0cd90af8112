# -*- coding: utf-8 -*-
"""--fleet N and the fleet seed: thousands of volumes and ready snapshots at once, with valid chains (issue 14)."""

import json
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import pytest

from _clock import KST
from _fleet import FLEET_SERVER_BASE, FLEET_VOLUME_BASE, fleet
from conftest import SCRIPT
from ncloud_emulator import Emulator, ManualClock
from signed_client import SignedClient

LIST = "getBlockStorageSnapshotInstanceList"
VOLUMES = "getBlockStorageInstanceList"


def post(url, document):
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_fleet_is_blocks_of_four_volumes_on_a_server_each_kind_in_turn():
    volumes, servers = fleet(14)
    assert [volume.no for volume in volumes] == [str(FLEET_VOLUME_BASE + index) for index in range(14)]
    assert [server.no for server in servers] == [str(FLEET_SERVER_BASE + index) for index in range(4)]
    kinds = [(volume.hypervisorType, volume.blockStorageVolumeType, volume.zoneCode, volume.serverInstanceNo, volume.deviceName) for volume in volumes]
    assert kinds[:5] == [("XEN", "SSD", "KR-2", "4800001", "/dev/xvd" + letter) for letter in "bcde"] + [("KVM", "CB1", "KR-1", "4800002", "/dev/vdb")]
    assert kinds[8][:2] == ("KVM", "CB2") and kinds[12][:2] == ("XEN", "SSD")
    assert [(server.hypervisorType, server.zoneCode) for server in servers] == [("XEN", "KR-2"), ("KVM", "KR-1"), ("KVM", "KR-1"), ("XEN", "KR-2")]
    with pytest.raises(ValueError):
        fleet(-1)


def test_the_command_line_fleet_is_listed_by_server_and_by_numbers(run_cli):
    url = run_cli("--fleet", "12")
    api = SignedClient(url)
    on_server = api.call(VOLUMES, {"serverInstanceNo": "4800002"}).rows(VOLUMES)
    assert [row["blockStorageInstanceNo"] for row in on_server] == ["4000005", "4000006", "4000007", "4000008"]
    assert {row["blockStorageVolumeType"]["code"] for row in on_server} == {"CB1"}
    reply = api.call(VOLUMES, {"blockStorageInstanceNoList.1": "4000012", "blockStorageInstanceNoList.2": "3081227", "blockStorageInstanceNoList.3": "4000013"})
    assert [row["blockStorageInstanceNo"] for row in reply.rows(VOLUMES)] == ["3081227", "4000012"]
    assert api.call(VOLUMES, {}).json()[VOLUMES + "Response"]["totalRows"] == 6 + 12  # KR's default volumes and the fleet


def test_bad_fleet_sizes_stop_the_command_line():
    done = subprocess.run([sys.executable, SCRIPT, "--fleet", "-3"], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode != 0 and "fleet must be a whole number" in done.stderr


def test_seeded_chains_are_valid_and_nights_apart(emulator, api, clock):
    status, seeded = post(emulator.url + "/_emulator/seed", {"snapshots_per_volume": 9, "volumes": ["3081227", "3081231"]})
    assert status == 200 and seeded == {"count": 18, "volumes": 2, "first_no": "5000001", "last_no": "5000018"}
    rows = api.call(LIST, {"originalBlockStorageInstanceNoList.1": "3081227"}).rows(LIST)
    assert [(row["snapshotType"]["code"], row["snapshotChainDepth"]) for row in rows] == [("FULL", 0)] + [("INCREMENTAL", depth) for depth in range(1, 7)] + [
        ("FULL", 0),
        ("INCREMENTAL", 1),
    ]
    assert {row["baseSnapshotInstanceNo"] for row in rows[1:7]} == {rows[0]["blockStorageSnapshotInstanceNo"]}
    assert rows[8]["baseSnapshotInstanceNo"] == rows[7]["blockStorageSnapshotInstanceNo"]
    assert all(row["blockStorageSnapshotInstanceStatusName"] == "created" for row in rows)
    # One a night, the newest a day old, named as the rotation role names them.
    dates = [datetime.fromtimestamp(clock.now() - days * 86400, KST).strftime("%Y-%m-%d") for days in range(9, 0, -1)]
    assert [row["blockStorageSnapshotName"] for row in rows] == ["nightly-" + date for date in dates]
    kvm = api.call(LIST, {"originalBlockStorageInstanceNoList.1": "3081231"}).rows(LIST)
    assert {(row["snapshotType"]["code"], row["snapshotChainDepth"]) for row in kvm} == {("FULL", 0)}
    # Numbers follow the nights across volumes.
    assert [row["originalBlockStorageInstanceNo"] for row in api.call(LIST, {}).rows(LIST)[:4]] == ["3081227", "3081231"] * 2
    # The API's own rules accept the seeded chains: an INCREMENTAL extends the newest, the old chain goes newest first.
    made = api.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": "3081227", "snapshotTypeCode": "INCREMENTAL"})
    assert made.rows("createBlockStorageSnapshotInstance")[0]["snapshotChainDepth"] == 2
    old_chain = [row["blockStorageSnapshotInstanceNo"] for row in reversed(rows[:7])]
    deleted = api.call("deleteBlockStorageSnapshotInstances", {"blockStorageSnapshotInstanceNoList.%d" % index: no for index, no in enumerate(old_chain, 1)})
    assert deleted.status == 200 and len(deleted.rows("deleteBlockStorageSnapshotInstances")) == 7


def test_seed_options_and_refusals(emulator):
    url = emulator.url + "/_emulator/seed"
    status, seeded = post(
        url,
        {"snapshots_per_volume": 3, "volumes": ["3081228"], "days_apart": 0.5, "full_every": 1, "name_prefix": "bulk", "name_format": "{prefix}-{volume}-{n}"},
    )
    assert status == 200 and seeded["count"] == 3
    snaps = [snap for snap in emulator.snapshots() if snap["originalBlockStorageInstanceNo"] == "3081228"]
    assert [snap["blockStorageSnapshotName"] for snap in snaps] == ["bulk-3081228-1", "bulk-3081228-2", "bulk-3081228-3"]
    assert {snap["snapshotType"]["code"] for snap in snaps} == {"FULL"}
    for bad in (
        {"snapshots_per_volume": 0},
        {"snapshots_per_volume": 2, "volumes": ["123"]},
        {"snapshots_per_volume": 2, "full_every": 9},
        {"snapshots_per_volume": 2, "days_apart": 0},
        {"snapshots_per_volume": 2, "colour": "red"},
        {"snapshots_per_volume": 2, "name_format": "{volume}"},
        {"snapshots_per_volume": "many"},
    ):
        status, body = post(url, bad)
        assert status == 400 and body["error"], bad
    assert len(emulator.snapshots()) == 3  # nothing was added by the refused ones


def test_twenty_thousand_snapshots_are_seeded_in_seconds():
    emulator = Emulator(clock=ManualClock(), fleet=2000)
    started = time.monotonic()
    seeded = emulator.seed_fleet(10, volumes=[str(FLEET_VOLUME_BASE + index) for index in range(2000)])
    elapsed = time.monotonic() - started
    assert seeded["count"] == 20000 and len(emulator.store.index.by_no) == 20000
    # About 1 s alone on 2 cores; the bound leaves room for a loaded machine, not for a seed made of API calls.
    assert elapsed < 30, "seeding 20,000 snapshots took %.1f s (the bench seeds 100,000)" % elapsed
