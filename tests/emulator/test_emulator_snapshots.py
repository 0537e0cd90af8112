# -*- coding: utf-8 -*-
"""Snapshot lifecycle, fields, validation, incremental chains and deletion order."""

import re

import pytest

from conftest import CREATE_DELAY, DELETE_DELAY

XEN_SSD, XEN_HDD, KVM_CB1, KVM_CB2, KVM_FB1, KVM_FB2, SGN_CB2 = "3081227", "3081228", "3081230", "3081231", "3081232", "3081233", "3081240"


def state(snapshot):
    return (
        snapshot["blockStorageSnapshotInstanceStatus"]["code"],
        snapshot["blockStorageSnapshotInstanceOperation"]["code"],
        snapshot["blockStorageSnapshotInstanceStatusName"],
    )


def code(reply):
    assert reply.status == 400, reply
    return reply.json()["responseError"]["returnCode"]


def test_lifecycle_follows_the_clock(snaps, clock):
    number = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    assert state(snaps.listed()[0]) == ("INIT", "CREAT", "creating")
    clock.advance(CREATE_DELAY - 0.01)
    assert state(snaps.listed()[0]) == ("INIT", "CREAT", "creating")
    clock.advance(0.01)
    assert state(snaps.listed()[0]) == ("CREAT", "NULL", "created")
    reply = snaps.delete(number)
    assert reply.status == 200
    assert [state(row) for row in reply.rows("deleteBlockStorageSnapshotInstances")] == [("CREAT", "TERMT", "terminating")]
    assert state(snaps.detail(number).rows("getBlockStorageSnapshotInstanceDetail")[0]) == ("CREAT", "TERMT", "terminating")
    clock.advance(DELETE_DELAY)
    gone = snaps.detail(number)
    assert gone.status == 200 and gone.json()["getBlockStorageSnapshotInstanceDetailResponse"]["totalRows"] == 0
    assert snaps.listed() == []


def test_create_answer_says_creating_even_without_delay(emulator, snaps):
    emulator.configure(create_delay=0)
    assert state(snaps.created(XEN_SSD)) == ("INIT", "CREAT", "creating")
    assert state(snaps.listed()[0]) == ("CREAT", "NULL", "created")


def test_fields_match_the_real_capture(snaps, clock):
    clock.set(1718441353.994)  # the capture's sh1901b16230a, created 2024-06-15T17:49:14+0900
    snapshot = snaps.created(XEN_SSD)
    assert snapshot["blockStorageSnapshotName"] == "sh1901b16230a"
    assert snapshot["createDate"] == "2024-06-15T17:49:14+0900"
    assert snapshot["blockStorageSnapshotVolumeSize"] == 53687091200
    assert snapshot["originalBlockStorageInstanceNo"] == XEN_SSD
    assert re.fullmatch(r"\d+", snapshot["blockStorageSnapshotInstanceNo"])
    assert snapshot["blockStorageSnapshotDescription"] == ""
    assert snapshot["snapshotType"] == {"code": "FULL", "codeName": "Full Storage Snapshot"}
    assert (snapshot["baseSnapshotInstanceNo"], snapshot["snapshotChainDepth"]) == ("", 0)
    assert snapshot["hypervisorType"] == {"code": "XEN", "codeName": "XEN"}
    assert snapshot["blockStorageVolumeType"]["code"] == "SSD"
    assert (snapshot["isBootable"], snapshot["isEncryptedOriginalBlockStorageVolume"]) == (False, False)


def test_fields_follow_the_volume(snaps):
    root = snaps.created(KVM_CB1, blockStorageSnapshotName="root-1", blockStorageSnapshotDescription="before upgrade")
    assert (root["blockStorageSnapshotName"], root["blockStorageSnapshotDescription"], root["isBootable"]) == ("root-1", "before upgrade", True)
    assert root["blockStorageVolumeType"] == {"code": "CB1", "codeName": "Common BlockStorage 1"}
    assert snaps.created(KVM_CB2)["isEncryptedOriginalBlockStorageVolume"] is True


@pytest.mark.parametrize(
    "name,ok",
    [
        ("abc", True),
        ("a" * 30, True),
        ("Ab_c-9", True),
        ("snap-a_1", True),
        ("ab", False),
        ("a" * 31, False),
        ("1abc", False),
        ("-abc", False),
        ("abc-", False),
        ("abc_", False),
        ("ab c", False),
        ("ab.c", False),
        ("abé", False),
    ],
)
def test_name_rule(snaps, name, ok):
    reply = snaps.create(XEN_SSD, blockStorageSnapshotName=name)
    assert reply.status == 200 if ok else code(reply) == "9901003"


@pytest.mark.parametrize("description,ok", [("x" * 1000, True), ("x" * 1001, False), ("é" * 500, True), ("é" * 501, False)])
def test_description_limit_is_in_utf8_bytes(snaps, description, ok):
    reply = snaps.create(XEN_SSD, blockStorageSnapshotDescription=description)
    assert reply.status == 200 if ok else code(reply) == "9901004"


def test_other_create_validation(snaps):
    missing = snaps.api.call("createBlockStorageSnapshotInstance", {})
    assert missing.json()["responseError"] == {
        "returnCode": "900",
        "returnMessage": "Required field is not specified. location : originalBlockStorageInstanceNo.",
    }
    assert code(snaps.create(XEN_SSD, snapshotTypeCode="DIFF")) == "9901002"
    assert code(snaps.create(XEN_SSD, regionCode="XX")) == "9901002"
    assert code(snaps.create("123")) == "9902001"
    assert code(snaps.create(SGN_CB2)) == "9902001"  # exists, but in SGN, not KR
    assert snaps.created(SGN_CB2, regionCode="SGN")["originalBlockStorageInstanceNo"] == SGN_CB2
    assert snaps.listed() == [] and len(snaps.listed(regionCode="SGN")) == 1


def test_names_need_not_be_unique(snaps):
    snaps.created(XEN_SSD, blockStorageSnapshotName="twin")
    snaps.created(XEN_HDD, blockStorageSnapshotName="twin")
    assert len(snaps.listed(blockStorageSnapshotName="twin")) == 2


def test_incremental_needs_a_created_full(snaps, clock):
    assert code(snaps.create(XEN_SSD, snapshotTypeCode="INCREMENTAL")) == "9902002"
    snaps.created(XEN_SSD)
    assert code(snaps.create(XEN_SSD, snapshotTypeCode="INCREMENTAL")) == "9902002"  # FULL still creating
    clock.advance(CREATE_DELAY)
    assert snaps.created(XEN_SSD, snapshotTypeCode="INCREMENTAL")["snapshotChainDepth"] == 1
    assert code(snaps.create(XEN_HDD, snapshotTypeCode="INCREMENTAL")) == "9902002"  # chains are per volume


def test_chain_depth_base_and_limit_of_seven(snaps, clock):
    full = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    clock.advance(CREATE_DELAY)
    for depth in range(1, 8):
        incremental = snaps.created(XEN_SSD, snapshotTypeCode="INCREMENTAL")
        assert incremental["snapshotType"] == {"code": "INCREMENTAL", "codeName": "Incremental Storage Snapshot"}
        assert (incremental["baseSnapshotInstanceNo"], incremental["snapshotChainDepth"]) == (full, depth)
    assert code(snaps.create(XEN_SSD, snapshotTypeCode="INCREMENTAL")) == "9902003"
    new_full = snaps.created(XEN_SSD, snapshotTypeCode="FULL")["blockStorageSnapshotInstanceNo"]
    clock.advance(CREATE_DELAY)
    restarted = snaps.created(XEN_SSD, snapshotTypeCode="incremental")
    assert (restarted["baseSnapshotInstanceNo"], restarted["snapshotChainDepth"]) == (new_full, 1)


def make_chain(snaps, clock, volume, incrementals):
    numbers = [snaps.created(volume)["blockStorageSnapshotInstanceNo"]]
    clock.advance(CREATE_DELAY)
    numbers += [snaps.created(volume, snapshotTypeCode="INCREMENTAL")["blockStorageSnapshotInstanceNo"] for dummy in range(incrementals)]
    clock.advance(CREATE_DELAY)
    return numbers


def kvm_chains(emulator):
    """The older variant these chain tests cover on KVM: chains, no busy-volume refusals."""
    emulator.configure(kvm_incremental="chain", kvm_busy=False)


@pytest.mark.parametrize("volume", [XEN_SSD, XEN_HDD, KVM_CB1, KVM_FB1])
def test_newest_first_deletion(emulator, snaps, clock, volume):
    kvm_chains(emulator)
    full, first, second, third = make_chain(snaps, clock, volume, 3)
    assert code(snaps.delete(full)) == "9903003"
    assert code(snaps.delete(second)) == "9903004"
    assert code(snaps.delete(first, third)) == "9903004"  # all or nothing
    assert all(state(row)[2] == "created" for row in snaps.listed())
    assert snaps.delete(third, second).status == 200  # together they are the newest
    assert snaps.delete(first).status == 200  # terminating ones count as gone
    assert snaps.delete(full).status == 200


@pytest.mark.parametrize("volume", [KVM_CB2, KVM_FB2])
def test_any_order_deletion(emulator, snaps, clock, volume):
    kvm_chains(emulator)
    full, first, second, _third = make_chain(snaps, clock, volume, 3)
    assert snaps.delete(second).status == 200
    assert snaps.delete(full).status == 200
    assert snaps.delete(first).status == 200


def test_whole_chain_in_one_call(snaps, clock):
    numbers = make_chain(snaps, clock, XEN_SSD, 2)
    assert snaps.delete(*numbers).status == 200


def test_delete_errors(emulator, snaps, clock):
    emulator.configure(refuse_delete_while_creating=True)  # the invented refusal, tested with its flag on
    number = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    assert code(snaps.delete(number)) == "9903002"  # still creating
    clock.advance(CREATE_DELAY)
    assert code(snaps.delete(number, "424242")) == "9903001"
    assert code(snaps.delete(number, regionCode="SGN")) == "9903001"
    assert code(snaps.api.call("deleteBlockStorageSnapshotInstances", {})) == "900"
    assert snaps.delete(number).status == 200
    assert code(snaps.delete(number)) == "9903002"  # already terminating


def test_detail_of_unknown_or_other_region_is_empty(snaps):
    number = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    for reply in (snaps.detail("999"), snaps.detail(number, regionCode="JPN")):
        assert reply.status == 200
        assert reply.json()["getBlockStorageSnapshotInstanceDetailResponse"]["totalRows"] == 0
        assert reply.rows("getBlockStorageSnapshotInstanceDetail") == []
    assert code(snaps.api.call("getBlockStorageSnapshotInstanceDetail", {})) == "900"
