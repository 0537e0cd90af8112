# -*- coding: utf-8 -*-
"""createBlockStorageInstance from a snapshot: the restore (XEN size from the snapshot, KVM >= it)."""

import pytest

from conftest import CREATE_DELAY, DELETE_DELAY, VOLUME_DELAY

GIB = 1024**3


def refused(reply, code):
    assert reply.status == 400, reply
    assert reply.json()["responseError"]["returnCode"] == code, reply
    return reply.json()["responseError"]["returnMessage"]


@pytest.fixture
def ready_snapshot(snaps, clock):
    """make(volume_no) -> the number of a created snapshot of that volume."""

    def make(volume_no):
        number = snaps.created(volume_no)["blockStorageSnapshotInstanceNo"]
        clock.advance(CREATE_DELAY)
        return number

    return make


def test_kvm_restore_carries_snapshot_number_type_and_encryption(vols, ready_snapshot, clock):
    snapshot_no = ready_snapshot("3081231")  # KVM CB2 20 GB, encrypted
    created = vols.ok("createBlockStorageInstance", blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="KR-1", blockStorageSize="30")
    assert created["blockStorageSnapshotInstanceNo"] == int(snapshot_no)  # a JSON number: the Go SDK types it *int64
    assert created["blockStorageVolumeType"]["code"] == "CB2"
    assert created["isEncryptedVolume"] is True
    assert created["blockStorageSize"] == 30 * GIB
    clock.advance(VOLUME_DELAY)
    row = vols.detail(created["blockStorageInstanceNo"])
    assert row["blockStorageSnapshotInstanceNo"] == int(snapshot_no)
    assert vols.state(created["blockStorageInstanceNo"]) == ("CREAT", "NULL", "detached")


def test_kvm_restore_to_another_type_when_asked(vols, ready_snapshot):
    snapshot_no = ready_snapshot("3081231")
    created = vols.ok(
        "createBlockStorageInstance", blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="KR-2", blockStorageVolumeTypeCode="FB2", blockStorageSize="20"
    )
    assert (created["blockStorageVolumeType"]["code"], created["zoneCode"]) == ("FB2", "KR-2")


def test_kvm_restore_must_be_at_least_the_snapshot_size(vols, ready_snapshot):
    snapshot_no = ready_snapshot("3081231")
    assert "at least 20 GB" in refused(vols.create(blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="KR-1", blockStorageSize="10"), "9901005")
    refused(vols.create(blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="KR-1"), "900")
    refused(vols.create(blockStorageSnapshotInstanceNo=snapshot_no, blockStorageSize="20"), "900")
    refused(vols.create(blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="KR-1", blockStorageSize="20", blockStorageVolumeTypeCode="SSD"), "9901002")


def test_xen_restore_takes_the_snapshot_size_and_is_attached(vols, ready_snapshot, clock):
    snapshot_no = ready_snapshot("3081228")  # XEN HDD 100 GB on 2912301
    created = vols.ok("createBlockStorageInstance", blockStorageSnapshotInstanceNo=snapshot_no, serverInstanceNo="2912304", blockStorageSize="10")
    assert created["blockStorageSize"] == 100 * GIB  # "determined automatically": a given size is ignored
    assert created["blockStorageVolumeType"]["code"] == "HDD"
    assert created["blockStorageSnapshotInstanceNo"] == int(snapshot_no)
    clock.advance(VOLUME_DELAY)
    row = vols.detail(created["blockStorageInstanceNo"])
    assert (row["serverInstanceNo"], row["deviceName"]) == ("2912304", "/dev/xvdb")
    assert vols.state(created["blockStorageInstanceNo"]) == ("ATTAC", "NULL", "attached")


def test_xen_restore_without_size(vols, ready_snapshot):
    snapshot_no = ready_snapshot("3081227")
    assert vols.ok("createBlockStorageInstance", blockStorageSnapshotInstanceNo=snapshot_no, serverInstanceNo="2912301")["blockStorageSize"] == 50 * GIB


def test_restore_needs_a_server_of_the_snapshots_hypervisor(vols, ready_snapshot):
    xen_snapshot = ready_snapshot("3081227")
    refused(vols.create(blockStorageSnapshotInstanceNo=xen_snapshot), "900")
    refused(vols.create(blockStorageSnapshotInstanceNo=xen_snapshot, serverInstanceNo="2912303"), "9904002")
    kvm_snapshot = ready_snapshot("3081232")
    refused(vols.create(blockStorageSnapshotInstanceNo=kvm_snapshot, serverInstanceNo="2912303", zoneCode="KR-1", blockStorageSize="30"), "9901008")


def test_restore_from_a_snapshot_not_ready_or_gone(vols, snaps, clock):
    creating = snaps.created("3081232")["blockStorageSnapshotInstanceNo"]
    assert "creating" in refused(vols.create(blockStorageSnapshotInstanceNo=creating, zoneCode="KR-1", blockStorageSize="30"), "9903006")
    clock.advance(CREATE_DELAY)
    snaps.delete(creating)
    assert "terminating" in refused(vols.create(blockStorageSnapshotInstanceNo=creating, zoneCode="KR-1", blockStorageSize="30"), "9903006")
    clock.advance(DELETE_DELAY)
    refused(vols.create(blockStorageSnapshotInstanceNo=creating, zoneCode="KR-1", blockStorageSize="30"), "9903001")
    refused(vols.create(blockStorageSnapshotInstanceNo="999", zoneCode="KR-1", blockStorageSize="30"), "9903001")


def test_snapshot_of_another_region_is_not_found(vols, ready_snapshot):
    snapshot_no = ready_snapshot("3081232")
    refused(vols.create(regionCode="SGN", blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="SGN-5", blockStorageSize="30"), "9903001")


def test_restore_then_attach_to_the_rescue_server(vols, ready_snapshot, clock):
    snapshot_no = ready_snapshot("3081230")  # the KVM root volume
    created = vols.ok("createBlockStorageInstance", blockStorageSnapshotInstanceNo=snapshot_no, zoneCode="KR-1", blockStorageSize="50")
    number = created["blockStorageInstanceNo"]
    assert created["blockStorageType"]["code"] == "SVRBS"  # a restored volume is a data volume, even from a root snapshot
    refused(vols.attach(number, "2912303"), "9902009")  # still creating
    clock.advance(VOLUME_DELAY)
    assert vols.attach(number, "2912303").status == 200
    clock.advance(VOLUME_DELAY)
    assert vols.detail(number)["deviceName"] == "/dev/vdb"
