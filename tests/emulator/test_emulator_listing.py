# -*- coding: utf-8 -*-
"""Volume and snapshot lists: filters, regions, paging, sorting and totalRows."""

import pytest

from conftest import CREATE_DELAY


def volume_numbers(api, **params):
    reply = api.call("getBlockStorageInstanceList", params)
    assert reply.status == 200, reply
    return [row["blockStorageInstanceNo"] for row in reply.rows("getBlockStorageInstanceList")]


def numbers(rows):
    return [row["blockStorageSnapshotInstanceNo"] for row in rows]


def test_default_volumes_per_region(api):
    assert volume_numbers(api) == ["3081227", "3081228", "3081230", "3081231", "3081232", "3081233"]
    assert volume_numbers(api, regionCode="SGN") == ["3081240"]
    assert volume_numbers(api, regionCode="JPN") == ["3081250"]


def test_volume_filters_and_paging(api):
    assert volume_numbers(api, **{"hypervisorTypeCodeList.1": "XEN"}) == ["3081227", "3081228"]
    assert volume_numbers(api, **{"blockStorageVolumeTypeCodeList.1": "CB1", "blockStorageVolumeTypeCodeList.2": "FB1"}) == ["3081230", "3081232"]
    assert volume_numbers(api, **{"blockStorageInstanceNoList.1": "3081231", "blockStorageInstanceNoList.2": "3081240"}) == ["3081231"]
    reply = api.call("getBlockStorageInstanceList", {"pageNo": "2", "pageSize": "4"})
    assert reply.json()["getBlockStorageInstanceListResponse"]["totalRows"] == 6
    assert len(reply.rows("getBlockStorageInstanceList")) == 2


def test_volume_detail_fields(api):
    volume = api.call("getBlockStorageInstanceDetail", {"blockStorageInstanceNo": "3081227"}).rows("getBlockStorageInstanceDetail")[0]
    assert volume["blockStorageSize"] == 53687091200
    assert volume["hypervisorType"] == {"code": "XEN", "codeName": "XEN"}
    assert volume["blockStorageDiskDetailType"]["code"] == "SSD"
    assert (volume["regionCode"], volume["isEncryptedVolume"]) == ("KR", False)
    assert "blockStorageSnapshotInstanceNo" not in volume  # typed int64 in the Go SDK: never ""
    assert api.call("getBlockStorageInstanceDetail", {"blockStorageInstanceNo": "1"}).rows("getBlockStorageInstanceDetail") == []


@pytest.fixture
def population(snaps, clock):
    """Six snapshots in KR: names out of number order, two sizes, both hypervisors, two states."""
    made = [
        snaps.created("3081227", blockStorageSnapshotName="delta"),  # XEN 50 GiB
        snaps.created("3081228", blockStorageSnapshotName="alpha"),  # XEN 100 GiB
        snaps.created("3081230", blockStorageSnapshotName="charlie"),  # KVM 50 GiB, bootable
        snaps.created("3081231", blockStorageSnapshotName="bravo"),  # KVM 20 GiB, encrypted
        snaps.created("3081227", blockStorageSnapshotName="alpha"),
    ]
    clock.advance(CREATE_DELAY)
    made.append(snaps.created("3081232", blockStorageSnapshotName="echo"))  # still creating
    snaps.created("3081240", regionCode="SGN", blockStorageSnapshotName="alpha")  # other region
    return numbers(made)


def test_default_order_is_by_number_and_all_rows_without_paging(snaps, population):
    reply = snaps.list()
    assert numbers(reply.rows("getBlockStorageSnapshotInstanceList")) == population
    assert reply.json()["getBlockStorageSnapshotInstanceListResponse"]["totalRows"] == 6


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"blockStorageSnapshotInstanceNoList.1": 4, "blockStorageSnapshotInstanceNoList.2": 0}, [0, 4]),
        ({"originalBlockStorageInstanceNoList.1": "3081227"}, [0, 4]),
        ({"blockStorageSnapshotName": "alpha"}, [1, 4]),
        ({"blockStorageSnapshotName": "alph"}, []),  # exact match only
        ({"blockStorageSnapshotInstanceStatusCode": "INIT"}, [5]),
        ({"blockStorageSnapshotInstanceStatusCode": "CREAT"}, [0, 1, 2, 3, 4]),
        ({"blockStorageSnapshotVolumeSize": 50}, [0, 2, 3, 4, 5]),  # GiB, at most
        ({"blockStorageSnapshotVolumeSize": 20}, [3]),
        ({"isEncryptedOriginalBlockStorageVolume": "True"}, [3]),
        ({"hypervisorTypeCodeList.1": "KVM"}, [2, 3, 5]),
        ({"hypervisorTypeCodeList.1": "XEN", "hypervisorTypeCodeList.2": "KVM"}, [0, 1, 2, 3, 4, 5]),
        ({"isBootable": "true"}, [2]),
        ({"isBootable": "false", "hypervisorTypeCodeList.1": "KVM"}, [3, 5]),
    ],
)
def test_snapshot_filters(snaps, population, params, expected):
    params = {key: population[value] if key.startswith("blockStorageSnapshotInstanceNoList") else value for key, value in params.items()}
    assert numbers(snaps.listed(**params)) == [population[index] for index in expected]


def test_sorting_by_name(snaps, population):
    ascending = snaps.listed(sortedBy="blockStorageSnapshotName")
    assert [row["blockStorageSnapshotName"] for row in ascending] == ["alpha", "alpha", "bravo", "charlie", "delta", "echo"]
    assert numbers(ascending)[:2] == [population[1], population[4]]  # equal names keep number order
    descending = snaps.listed(sortedBy="blockStorageSnapshotName", sortingOrder="DESC")
    assert [row["blockStorageSnapshotName"] for row in descending] == ["echo", "delta", "charlie", "bravo", "alpha", "alpha"]
    assert snaps.list(sortedBy="createDate").status == 400
    assert snaps.list(sortedBy="blockStorageSnapshotName", sortingOrder="UP").status == 400


@pytest.mark.parametrize("page_no,expected", [("0", [0, 1, 2, 3]), ("1", [0, 1, 2, 3]), ("2", [4, 5]), ("3", [])])
def test_paging(snaps, population, page_no, expected):
    reply = snaps.list(pageNo=page_no, pageSize="4")
    assert numbers(reply.rows("getBlockStorageSnapshotInstanceList")) == [population[index] for index in expected]
    assert reply.json()["getBlockStorageSnapshotInstanceListResponse"]["totalRows"] == 6


def test_paging_with_filters_and_sorting(snaps, population):
    reply = snaps.list(pageNo="2", pageSize="1", sortedBy="blockStorageSnapshotName", sortingOrder="DESC", **{"hypervisorTypeCodeList.1": "KVM"})
    assert numbers(reply.rows("getBlockStorageSnapshotInstanceList")) == [population[2]]  # echo, [charlie], bravo
    assert reply.json()["getBlockStorageSnapshotInstanceListResponse"]["totalRows"] == 3


def test_page_size_alone_is_the_first_page(snaps, population):
    assert numbers(snaps.listed(pageSize="2")) == population[:2]


@pytest.mark.parametrize(
    "params",
    [
        {"pageNo": "1"},
        {"pageNo": "1", "pageSize": "0"},
        {"pageNo": "1", "pageSize": "1001"},
        {"pageNo": "-1", "pageSize": "10"},
        {"pageNo": "x", "pageSize": "10"},
    ],
)
def test_bad_paging(snaps, params):
    reply = snaps.list(**params)
    assert reply.status == 400 and reply.json()["responseError"]["returnCode"] in ("900", "9901002")


@pytest.mark.usefixtures("population")
def test_max_page_size(snaps):
    assert len(snaps.listed(pageNo="1", pageSize="1000")) == 6


def test_seed_adds_ready_snapshots_for_paging(emulator, api):
    numbers = emulator.seed("3081227", 25, name_prefix="bulk")
    assert len(numbers) == 25
    reply = api.call("getBlockStorageSnapshotInstanceList", {"pageNo": "2", "pageSize": "10"})
    listed = reply.rows("getBlockStorageSnapshotInstanceList")
    assert reply.json()["getBlockStorageSnapshotInstanceListResponse"]["totalRows"] == 25
    assert [snap["blockStorageSnapshotName"] for snap in listed] == ["bulk-%d" % n for n in range(11, 21)]
    assert {snap["blockStorageSnapshotInstanceStatusName"] for snap in listed} == {"created"}
