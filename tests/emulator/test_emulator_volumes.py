# -*- coding: utf-8 -*-
"""Volume lifecycle over time: create (XEN attached, KVM detached), attach, detach, delete, resize, protection."""

from conftest import VOLUME_DELAY

KVM_CREATE = {"zoneCode": "KR-1", "blockStorageVolumeTypeCode": "CB2", "blockStorageSize": "20"}


def test_kvm_volume_is_created_detached_then_attached_with_the_next_free_device(vols, clock):
    created = vols.ok("createBlockStorageInstance", blockStorageName="restore-1", **KVM_CREATE)
    number = created["blockStorageInstanceNo"]
    assert (created["blockStorageInstanceStatus"]["code"], created["blockStorageInstanceOperation"]["code"]) == ("INIT", "CREAT")
    assert (created["serverInstanceNo"], created["zoneCode"], created["blockStorageSize"]) == ("", "KR-1", 20 * 1024**3)
    assert created["blockStorageVolumeType"]["code"] == "CB2" and created["hypervisorType"]["code"] == "KVM"
    assert "blockStorageSnapshotInstanceNo" not in created
    clock.advance(VOLUME_DELAY - 0.1)
    assert vols.state(number) == ("INIT", "CREAT", "creating")
    clock.advance(0.1)
    assert vols.state(number) == ("CREAT", "NULL", "detached")

    answer = vols.ok("attachBlockStorageInstance", blockStorageInstanceNo=number, serverInstanceNo="2912303")
    # As NCP's attach example: the server and device show only once attached.
    assert (answer["blockStorageInstanceStatusName"], answer["serverInstanceNo"], answer["deviceName"]) == ("attaching", "", "")
    assert vols.state(number) == ("CREAT", "ATTAC", "attaching")
    clock.advance(VOLUME_DELAY)
    row = vols.detail(number)
    assert vols.state(number) == ("ATTAC", "NULL", "attached")
    assert (row["serverInstanceNo"], row["deviceName"]) == ("2912303", "/dev/vdb")  # vda is the root disk's


def test_xen_volume_is_created_attached_to_its_server(vols, clock):
    created = vols.ok("createBlockStorageInstance", serverInstanceNo="2912301", blockStorageSize="10", blockStorageDiskDetailTypeCode="HDD")
    number = created["blockStorageInstanceNo"]
    assert (created["serverInstanceNo"], created["deviceName"], created["zoneCode"]) == ("2912301", "", "KR-2")
    assert created["blockStorageVolumeType"]["code"] == "HDD" and created["blockStorageDiskDetailType"]["code"] == "HDD"
    clock.advance(VOLUME_DELAY)
    row = vols.detail(number)
    assert vols.state(number) == ("ATTAC", "NULL", "attached")
    assert row["deviceName"] == "/dev/xvdd"  # xvda root, xvdb and xvdc taken by 3081227 and 3081228


def test_detach_then_attach_elsewhere_then_delete(vols, clock):
    assert vols.detach("3081231").status == 200
    assert vols.state("3081231") == ("ATTAC", "DETAC", "detaching")
    clock.advance(VOLUME_DELAY)
    row = vols.detail("3081231")
    assert vols.state("3081231") == ("CREAT", "NULL", "detached")
    assert (row["serverInstanceNo"], row["deviceName"]) == ("", "")
    assert vols.attach("3081231", "2912303").status == 200
    clock.advance(VOLUME_DELAY)
    assert vols.detail("3081231")["deviceName"] == "/dev/vdb"
    assert vols.detach("3081231").status == 200
    clock.advance(VOLUME_DELAY)
    assert vols.delete("3081231").status == 200
    assert vols.state("3081231") == ("CREAT", "TERMT", "terminating")
    clock.advance(VOLUME_DELAY)
    assert vols.state("3081231") is None
    assert "3081231" not in [row["blockStorageInstanceNo"] for row in vols.call("getBlockStorageInstanceList").rows("getBlockStorageInstanceList")]


def test_delete_of_an_attached_volume_detaches_it_first(vols, clock):
    # Classic deleteBlockStorageInstances doc: "Delete after detaching"; its example answers ATTAC / DETAC / detaching.
    answer = vols.delete("3081227")
    assert answer.status == 200, answer
    assert vols.state("3081227") == ("ATTAC", "DETAC", "detaching")
    clock.advance(VOLUME_DELAY)
    assert vols.state("3081227") == ("CREAT", "TERMT", "terminating")
    assert vols.detail("3081227")["serverInstanceNo"] == ""
    clock.advance(VOLUME_DELAY)
    assert vols.state("3081227") is None


def test_freed_device_letter_is_reused(vols, clock):
    vols.detach("3081227")
    clock.advance(VOLUME_DELAY)
    created = vols.ok("createBlockStorageInstance", serverInstanceNo="2912301", blockStorageSize="10")
    clock.advance(VOLUME_DELAY)
    assert vols.detail(created["blockStorageInstanceNo"])["deviceName"] == "/dev/xvdb"


def test_return_protection_refuses_delete_until_lifted(vols, clock):
    row = vols.ok("setBlockStorageReturnProtection", blockStorageInstanceNo="3081232", isReturnProtection="true")
    assert row["isReturnProtection"] is True
    refused = vols.delete("3081232")
    assert (refused.status, refused.json()["responseError"]["returnCode"]) == (400, "9902008")
    vols.ok("setBlockStorageReturnProtection", blockStorageInstanceNo="3081232", isReturnProtection="false")
    assert vols.delete("3081232").status == 200


def test_created_with_return_protection(vols):
    created = vols.ok("createBlockStorageInstance", isReturnProtection="true", **KVM_CREATE)
    assert created["isReturnProtection"] is True


def test_resize_grows_a_detached_kvm_volume(vols, clock):
    row = vols.ok("changeBlockStorageInstance", blockStorageInstanceNo="3081232", blockStorageSize="50")
    assert row["blockStorageSize"] == 50 * 1024**3  # shown at once, as in NCP's example
    assert vols.state("3081232") == ("CREAT", "CHNG", "changingSpec")
    clock.advance(VOLUME_DELAY)
    assert vols.state("3081232") == ("CREAT", "NULL", "detached")


def test_resize_of_an_attached_volume_needs_its_server_stopped(vols, emulator, clock):
    refused = vols.call("changeBlockStorageVolumeSize", blockStorageInstanceNo="3081227", blockStorageSize="60")
    assert (refused.status, refused.json()["responseError"]["returnCode"]) == (400, "9904004")
    emulator.set_server_status("2912301", "NSTOP")
    row = vols.ok("changeBlockStorageVolumeSize", blockStorageInstanceNo="3081227", blockStorageSize="60")
    assert (row["blockStorageInstanceStatus"]["code"], row["blockStorageInstanceOperation"]["code"]) == ("ATTAC", "CHNG")
    clock.advance(VOLUME_DELAY)
    assert vols.state("3081227") == ("ATTAC", "NULL", "attached")
    emulator.configure(resize_stopped_only=False)
    emulator.set_server_status("2912301", "RUN")
    assert vols.call("changeBlockStorageVolumeSize", blockStorageInstanceNo="3081227", blockStorageSize="70").status == 200


def test_a_snapshot_keeps_the_size_its_volume_had(vols, snaps, clock):
    snapshot = snaps.created("3081232")
    vols.ok("changeBlockStorageInstance", blockStorageInstanceNo="3081232", blockStorageSize="40")
    listed = snaps.listed(**{"blockStorageSnapshotInstanceNoList.1": snapshot["blockStorageSnapshotInstanceNo"]})
    assert listed[0]["blockStorageSnapshotVolumeSize"] == 30 * 1024**3


def test_new_volumes_are_numbered_named_and_dated(vols, clock):
    first = vols.ok("createBlockStorageInstance", **KVM_CREATE)
    second = vols.ok("createBlockStorageInstance", **KVM_CREATE)
    assert (first["blockStorageInstanceNo"], second["blockStorageInstanceNo"]) == ("3090001", "3090002")
    assert first["blockStorageName"] == "bst%x" % round(clock.now() * 1000)
    assert first["createDate"].endswith("+0900")


def test_list_filters_by_name_status_and_server(vols, clock):
    vols.ok("createBlockStorageInstance", blockStorageName="findme", **KVM_CREATE)

    def listed(**params):
        return [row["blockStorageInstanceNo"] for row in vols.call("getBlockStorageInstanceList", **params).rows("getBlockStorageInstanceList")]

    assert listed(blockStorageName="findme") == ["3090001"]
    assert listed(blockStorageInstanceStatusCode="INIT") == ["3090001"]
    assert listed(blockStorageInstanceStatusCode="ATTAC") == ["3081227", "3081228", "3081230", "3081231"]
    assert listed(serverInstanceNo="2912302") == ["3081230", "3081231"]
