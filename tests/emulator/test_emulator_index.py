# -*- coding: utf-8 -*-
"""The indexed lists answer exactly what a scan of every snapshot would (issue 14).

A brute-force reference, written from the emulator's list rules (the code before the index:
render every visible snapshot, filter the rows, sort by number, then by name if asked, page), is
compared with the indexed actions over a store that holds every state: creating, created,
terminating and gone, in several regions, while time moves on (also backwards) and tests change
ready_at / gone_at directly as the reliability suite does.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _actions import ACTIONS
from _params import Params
from _render import RenderedRow, success
from _volumes import GIB
from ncloud_emulator import Emulator, ManualClock

LIST = "getBlockStorageSnapshotInstanceList"
VOLUME_LIST = "getBlockStorageInstanceList"
NAMES = ["nightly-a", "nightly-b", "weekly_c", "x-1"]


class World:
    """An emulator (not served) with snapshots in every state, and every snapshot it ever made."""

    def __init__(self):
        self.clock = ManualClock(1_800_000_000)
        self.emulator = Emulator(clock=self.clock, create_delay=5, delete_delay=5, fleet=12, kvm_busy=False, kvm_incremental="chain")
        self.store = self.emulator.store
        self.made = []
        self.emulator.seed_fleet(3, volumes=["4000001", "4000005", "4000009", "3081227"])
        self.made += list(self.store.index.by_no.values())
        for round_no in range(4):
            for volume_no in ("3081227", "3081231", "3081240", "4000002", "4000006", "3081230"):
                region = self.store.volumes[volume_no].regionCode
                with self.emulator.lock:
                    self.made.append(self.store.create(region, volume_no, NAMES[(round_no + len(self.made)) % len(NAMES)], "", "FULL"))
            self.clock.advance(2)
        with self.emulator.lock:
            # The first created ones on 3081227 (XEN, a FULL with no incrementals) and 3081231 (CB2): both may go.
            self.store.delete("KR", [self.made[12].no, self.made[13].no])
        self.clock.advance(1)
        self.purged = set()

    def reference(self, params):
        """What the list answered before the index: every visible row rendered and filtered."""
        region = params.get("regionCode", "KR")
        now = self.clock.now()
        # As the store always did: a snapshot seen gone is forgotten for good, even if the clock goes back.
        self.purged.update(snap.no for snap in self.made if snap.gone_at is not None and snap.gone_at <= now)
        rows = [snap.to_api(now) for snap in self.made if snap.no not in self.purged and snap.volume.regionCode == region]
        numbers = params.get_list("blockStorageSnapshotInstanceNoList")
        volumes = params.get_list("originalBlockStorageInstanceNoList")
        hypervisors = params.get_list("hypervisorTypeCodeList")
        name, status = params.get("blockStorageSnapshotName"), params.get("blockStorageSnapshotInstanceStatusCode")
        max_gib = params.get_int("blockStorageSnapshotVolumeSize")
        encrypted, bootable = params.get_bool("isEncryptedOriginalBlockStorageVolume"), params.get_bool("isBootable")
        rows = [
            row
            for row in rows
            if (not numbers or row["blockStorageSnapshotInstanceNo"] in numbers)
            and (not volumes or row["originalBlockStorageInstanceNo"] in volumes)
            and (not hypervisors or row["hypervisorType"]["code"] in hypervisors)
            and (name is None or row["blockStorageSnapshotName"] == name)
            and (status is None or row["blockStorageSnapshotInstanceStatus"]["code"] == status)
            and (max_gib is None or row["blockStorageSnapshotVolumeSize"] <= max_gib * GIB)
            and (encrypted is None or row["isEncryptedOriginalBlockStorageVolume"] == encrypted)
            and (bootable is None or row["isBootable"] == bootable)
        ]
        rows.sort(key=lambda row: int(row["blockStorageSnapshotInstanceNo"]))
        if params.get("sortedBy"):
            rows.sort(key=lambda row: row["blockStorageSnapshotName"], reverse=params.get("sortingOrder") == "DESC")
        return params.page(rows)

    def listed(self, params):
        with self.emulator.lock:
            _key, rows, total = ACTIONS[LIST](self.store, params)
        return [dict(row) for row in rows], total


@pytest.fixture(scope="module")
def world():
    return World()


def _numbers(world):
    return st.lists(st.sampled_from([snap.no for snap in world.made] + ["999", "05000001"]), max_size=12)


@st.composite
def list_params(draw, world):
    params = {}

    def maybe(name, strategy):
        if draw(st.booleans()):
            params[name] = draw(strategy)

    for index, no in enumerate(draw(_numbers(world)), 1):
        params["blockStorageSnapshotInstanceNoList.%d" % index] = no
    volume_nos = sorted({snap.volume.no for snap in world.made}) + ["3081228", "7777777"]
    for index, no in enumerate(draw(st.lists(st.sampled_from(volume_nos), max_size=4)), 1):
        params["originalBlockStorageInstanceNoList.%d" % index] = no
    for index, code in enumerate(draw(st.lists(st.sampled_from(["XEN", "KVM"]), max_size=2)), 1):
        params["hypervisorTypeCodeList.%d" % index] = code
    maybe("regionCode", st.sampled_from(["KR", "SGN"]))
    maybe("blockStorageSnapshotName", st.sampled_from(NAMES + ["nope"]))
    maybe("blockStorageSnapshotInstanceStatusCode", st.sampled_from(["INIT", "CREAT"]))
    maybe("blockStorageSnapshotVolumeSize", st.sampled_from(["10", "20", "50", "100"]))
    maybe("isEncryptedOriginalBlockStorageVolume", st.sampled_from(["true", "false"]))
    maybe("isBootable", st.sampled_from(["true", "false"]))
    if draw(st.booleans()):
        params["sortedBy"] = "blockStorageSnapshotName"
        maybe("sortingOrder", st.sampled_from(["ASC", "DESC"]))
    if draw(st.booleans()):
        params["pageSize"] = str(draw(st.integers(1, 8)))
        maybe("pageNo", st.integers(0, 6).map(str))
    return params


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_indexed_list_matches_the_brute_force_scan(world, data):
    step = data.draw(st.sampled_from([0, 0, 0.5, 1, 3, -2]), label="clock step")
    world.clock.advance(step)
    if data.draw(st.integers(0, 9), label="poke") == 0:
        # What tests do behind the API: a snapshot made ready or made to vanish by hand.
        snap = data.draw(st.sampled_from(world.made), label="poked")
        with world.emulator.lock:
            if data.draw(st.booleans(), label="vanish"):
                snap.gone_at = world.clock.now()
            else:
                snap.ready_at = world.clock.now() + data.draw(st.sampled_from([-1, 0, 4]), label="ready in")
    params = Params(data.draw(list_params(world), label="params").items(), [])
    assert world.listed(params) == world.reference(params)


def test_many_numbers_cost_look_ups_not_a_scan(world):
    """The index is asked for the numbers, and nothing else in the store is looked at."""
    numbers = [snap.no for snap in world.made[:30]]
    candidates = world.store.index.candidates("KR", numbers)
    assert len(candidates) <= len(numbers) and [snap.no for snap in candidates] == sorted((snap.no for snap in candidates), key=int)
    by_volume = world.store.index.candidates("KR", volumes=["4000001"])
    assert {snap.volume.no for snap in by_volume} == {"4000001"}


def test_volume_lists_by_numbers_and_by_server_match_a_scan(world):
    with world.emulator.lock:
        everything = {volume.no: volume.to_api() for volume in world.store.fleet.listed("KR")}
    cases = [
        {
            "blockStorageInstanceNoList.1": "4000003",
            "blockStorageInstanceNoList.2": "3081227",
            "blockStorageInstanceNoList.3": "4000003",
            "blockStorageInstanceNoList.4": "3081240",
        },
        {"serverInstanceNo": "4800002"},
        {"serverInstanceNo": "2912301"},
        {"serverInstanceNo": "4800002", "hypervisorTypeCodeList.1": "XEN"},
        {"serverInstanceNo": "4800001", "blockStorageInstanceNoList.1": "4000001", "blockStorageInstanceNoList.2": "4000005"},
    ]
    for case in cases:
        params = Params(case.items(), [])
        numbers = params.get_list("blockStorageInstanceNoList")
        server, hypervisors = params.get("serverInstanceNo"), params.get_list("hypervisorTypeCodeList")
        expected = [
            row
            for row in everything.values()
            if (not numbers or row["blockStorageInstanceNo"] in numbers)
            and (server is None or row["serverInstanceNo"] == server)
            and (not hypervisors or row["hypervisorType"]["code"] in hypervisors)
        ]
        with world.emulator.lock:
            _key, rows, total = ACTIONS[VOLUME_LIST](world.store, params)
        assert (rows, total) == (expected, len(expected)), case


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "blockStorageSnapshotName": TEXT,
                "blockStorageSnapshotDescription": TEXT,
                "snapshotChainDepth": st.integers(0, 7),
                "isBootable": st.booleans(),
                "snapshotType": st.fixed_dictionaries({"code": st.sampled_from(["FULL", "INCREMENTAL"])}),
            }
        ),
        max_size=4,
    ),
    st.integers(0, 10**6),
)
def test_joined_rows_are_byte_for_byte_json_dumps(rows, total):
    fast, dummy = success(LIST, "json", "blockStorageSnapshotInstanceList", [RenderedRow(row) for row in rows], total, "req-1")
    plain, dummy = success(LIST, "json", "blockStorageSnapshotInstanceList", [dict(row) for row in rows], total, "req-1")
    assert fast == plain
    assert json.loads(fast)[LIST + "Response"]["blockStorageSnapshotInstanceList"] == rows


def test_readiness_moved_later_by_hand_keeps_the_snapshot_creating():
    clock = ManualClock(1_800_000_000)
    emulator = Emulator(clock=clock, create_delay=5)
    with emulator.lock:
        snap = emulator.store.create("KR", "3081227", "late", "", "FULL")
        snap.ready_at = clock.now() + 20  # a test holding it in creation longer
    clock.advance(10)  # past the readiness first queued
    params = Params([("blockStorageSnapshotInstanceStatusCode", "INIT")], [])
    with emulator.lock:
        _key, rows, _total = ACTIONS[LIST](emulator.store, params)
        assert [row["blockStorageSnapshotInstanceNo"] for row in rows] == [snap.no]
        snap.ready_at = clock.now() - 1  # and made ready by hand
        _key, rows, _total = ACTIONS[LIST](emulator.store, params)
    assert rows == []
    clock.advance(-30)  # a clock set back: it is creating again, as its timestamps say
    with emulator.lock:
        _key, rows, _total = ACTIONS[LIST](emulator.store, params)
    assert [row["blockStorageSnapshotInstanceNo"] for row in rows] == [snap.no]
