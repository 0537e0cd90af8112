# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One pass over a paged list: caps that change, rows without a key, the page limit, the deadline."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils import _paging
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._paging import list_all

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok

LIST = 'getBlockStorageSnapshotInstanceList'
LIST_KEY = 'blockStorageSnapshotInstanceList'
KEY = 'blockStorageSnapshotInstanceNo'


def rows(*numbers):
    return [{KEY: str(number)} for number in numbers]


def expect_page(ncp, number, size, items, total, **params):
    ncp.expect(LIST, dict(params, pageNo=str(number), pageSize=str(size)), ok(LIST, items, total=total))


def test_a_cap_that_stops_lining_up_restarts_from_the_first_page(ncp, api_client):
    # Capped at 3, then at 2: the 5 rows read are not a whole number of 2-row pages, so read again from page 1.
    expect_page(ncp, 1, 1000, rows(1, 2, 3), 7)
    expect_page(ncp, 2, 3, rows(4, 5), 7)
    expect_page(ncp, 1, 2, rows(1, 2), 7)
    expect_page(ncp, 2, 2, rows(3, 4), 7)
    expect_page(ncp, 3, 2, rows(5, 6), 7)
    expect_page(ncp, 4, 2, rows(7), 7)
    items, pages = _paging._one_pass(api_client, LIST, {}, LIST_KEY, KEY, None)
    assert sorted(items) == [str(number) for number in range(1, 8)] and pages == 6


def test_a_cap_that_lines_up_goes_on_after_the_rows_read(ncp, api_client):
    # Capped at 4, then at 2: 6 rows read are 3 whole pages of 2, so page 4 comes next.
    expect_page(ncp, 1, 1000, rows(1, 2, 3, 4), 9)
    expect_page(ncp, 2, 4, rows(5, 6), 9)
    expect_page(ncp, 4, 2, rows(7, 8), 9)
    expect_page(ncp, 5, 2, rows(9), 9)
    items, pages = _paging._one_pass(api_client, LIST, {}, LIST_KEY, KEY, None)
    assert len(items) == 9 and pages == 4


def test_rows_without_a_readable_key_are_each_kept(ncp, api_client):
    expect_page(ncp, 1, 1000, [{'other': 1}, {'other': 2}, {KEY: 7}, {KEY: '8'}], 4)
    items = list_all(api_client, LIST, {}, LIST_KEY, KEY)
    assert items == [{'other': 1}, {'other': 2}, {KEY: 7}, {KEY: '8'}]


def test_the_page_limit_names_the_action_and_the_total(ncp, api_client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 1)
    monkeypatch.setattr(_paging, 'MAX_PAGES', 2)
    expect_page(ncp, 1, 1, rows(1), 10**9)
    expect_page(ncp, 2, 1, rows(2), 10**9)
    with pytest.raises(NcloudApiError) as caught:
        list_all(api_client, LIST, {}, LIST_KEY, KEY)
    assert caught.value.action == LIST
    assert caught.value.message == "more than 2 pages: the reply's totalRows (1000000000) cannot be right"


def test_every_page_read_keeps_to_the_deadline_and_the_params(ncp, api_client, clock, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 1)
    for dummy in range(2):
        expect_page(ncp, 1, 1, rows(1), 2, name='x')
        expect_page(ncp, 2, 1, rows(2), 2, name='x')
    assert len(list_all(api_client, LIST, {'name': 'x'}, LIST_KEY, KEY, deadline=clock.now + 6)) == 2
    assert ncp.timeouts == [6] * 4


def test_total_rows_of_zero_ends_after_the_first_page(ncp, api_client, monkeypatch):
    monkeypatch.setattr(_paging, 'PAGE_SIZE', 2)
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '2'}, ok(LIST, rows(1, 2), total=0))
    assert len(list_all(api_client, LIST, {}, LIST_KEY, KEY)) == 2
