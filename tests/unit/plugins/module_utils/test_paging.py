# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Paged listing: by totalRows, through silent page caps, and while the list changes between pages."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils import _paging
from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._paging import list_all

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, ok

LIST = 'getBlockStorageSnapshotInstanceList'
KEY = 'blockStorageSnapshotInstanceNo'


@pytest.fixture
def client(clock):
    fake_time = clock
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=0, clock=fake_time.time, sleep=fake_time.sleep)


def rows(*numbers):
    return [{KEY: str(number)} for number in numbers]


def page(number, size, items, total):
    return (LIST, {'pageNo': str(number), 'pageSize': str(size)}, ok(LIST, items, total=total))


def numbers(items):
    return sorted(int(item[KEY]) for item in items)


def test_one_page_is_one_request(ncp, client):
    ncp.expect(*page(1, 1000, rows(1, 2), 2))
    assert numbers(list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)) == [1, 2]


def test_pages_until_total_rows_then_a_second_pass_agrees(ncp, client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 2)
    for dummy in range(2):
        ncp.expect(*page(1, 2, rows(1, 2), 3)).expect(*page(2, 2, rows(3), 3))
    assert numbers(list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)) == [1, 2, 3]


def test_a_silent_cap_becomes_the_page_size(ncp, client):
    # Asked for 1000, given 2 of 5: ask for 2 a page from then on, after the rows already read.
    for dummy in range(2):
        ncp.expect(*page(1, 1000, rows(1, 2), 5)).expect(*page(2, 2, rows(3, 4), 5)).expect(*page(3, 2, rows(5), 5))
    assert numbers(list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)) == [1, 2, 3, 4, 5]


def test_an_empty_page_ends_the_pass_whatever_total_rows_says(ncp, client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 2)
    for dummy in range(2):
        ncp.expect(*page(1, 2, rows(1, 2), 10)).expect(*page(2, 2, [], 10))
    assert numbers(list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)) == [1, 2]


def test_rows_shifting_between_pages_are_neither_missed_nor_doubled(ncp, client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 2)
    # Pass 1: snapshot 1 is deleted after page 1, so 3 moves to page 1 and is missed.
    ncp.expect(*page(1, 2, rows(1, 2), 4)).expect(*page(2, 2, rows(4), 3))
    # Pass 2 sees the list as it now is; pass 3 agrees with it.
    for dummy in range(2):
        ncp.expect(*page(1, 2, rows(2, 3), 3)).expect(*page(2, 2, rows(4), 3))
    assert numbers(list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)) == [2, 3, 4]


def test_a_list_that_never_holds_still_returns_every_row_seen_once(ncp, client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 1)
    ncp.expect(*page(1, 1, rows(1), 2)).expect(*page(2, 1, rows(1), 2)).expect(*page(3, 1, [], 2))
    ncp.expect(*page(1, 1, rows(2), 2)).expect(*page(2, 1, rows(3), 2))
    ncp.expect(*page(1, 1, rows(3), 2)).expect(*page(2, 1, rows(3), 2)).expect(*page(3, 1, [], 2))
    assert numbers(list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)) == [1, 2, 3]


def test_listing_stops_after_max_pages(ncp, client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 1)
    monkeypatch.setattr(_paging, 'MAX_PAGES', 2)
    ncp.expect(*page(1, 1, rows(1), 10**9)).expect(*page(2, 1, rows(2), 10**9))
    with pytest.raises(NcloudApiError, match='more than 2 pages'):
        list_all(client, LIST, {}, 'blockStorageSnapshotInstanceList', KEY)


def by_numbers(field, chunk):
    return dict({'pageNo': '1', 'pageSize': '1000'}, **{'%s.%d' % (field, index): str(number) for index, number in enumerate(chunk, 1)})


def test_a_long_list_of_numbers_takes_a_request_per_chunk_each_item_once(ncp, client):
    wanted = list(range(1, 251))
    field = 'blockStorageSnapshotInstanceNoList'
    for chunk in (wanted[:100], wanted[100:200], wanted[200:]):
        ncp.expect(LIST, by_numbers(field, chunk), ok(LIST, rows(*chunk, 1), total=len(chunk)))  # 1 again: returned once all the same
    found = _paging.list_all_chunked(client, LIST, {field: [str(number) for number in wanted + [7]]}, 'blockStorageSnapshotInstanceList', KEY)
    assert numbers(found) == wanted and len(ncp.sent) == 3


def test_two_long_lists_read_every_pair_of_chunks(ncp, client):
    volumes, snapshots = [str(number) for number in range(101)], [str(number) for number in range(500, 602)]
    for snapshot_chunk in (snapshots[:100], snapshots[100:]):
        for volume_chunk in (volumes[:100], volumes[100:]):
            query = dict(by_numbers('originalBlockStorageInstanceNoList', volume_chunk), **by_numbers('blockStorageSnapshotInstanceNoList', snapshot_chunk))
            ncp.expect(LIST, query, ok(LIST, rows(snapshot_chunk[0])))
    found = _paging.list_all_chunked(
        client, LIST, {'originalBlockStorageInstanceNoList': volumes, 'blockStorageSnapshotInstanceNoList': snapshots}, 'blockStorageSnapshotInstanceList', KEY
    )
    assert numbers(found) == [500, 600] and len(ncp.sent) == 4


def test_a_short_list_is_one_request_as_before(ncp, client):
    ncp.expect(LIST, by_numbers('blockStorageSnapshotInstanceNoList', ['5']), ok(LIST, rows(5)))
    assert numbers(_paging.list_all_chunked(client, LIST, {'blockStorageSnapshotInstanceNoList': ['5']}, 'blockStorageSnapshotInstanceList', KEY)) == [5]
