# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A batch's creates: several in flight at once, each thread on a client of its own."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils import _batch_create
from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY


class TwinCounting:
    """A stand-in client that counts the twins made of it."""

    def __init__(self):
        self.twins = []

    def twin(self):
        twin = TwinCounting()
        self.twins.append(twin)
        return twin


def test_creates_overlap_up_to_the_limit_each_thread_on_its_own_client(monkeypatch):
    monkeypatch.setattr(_batch_create, 'CREATES_AT_ONCE', 4)
    # Passes only when four sends are in flight together; a serial loop would time out here.
    together = threading.Barrier(4, timeout=10)
    seen, lock = [], threading.Lock()
    client = TwinCounting()

    def send(used, plan):
        together.wait()
        with lock:
            seen.append((plan['item'], used))

    _batch_create.create_all(client, [{'item': str(n)} for n in range(8)], send)

    assert sorted(item for item, used in seen) == sorted(str(n) for n in range(8))
    assert all(used is not client for item, used in seen)
    assert 1 <= len(client.twins) <= 4
    assert {id(used) for item, used in seen} <= {id(twin) for twin in client.twins}


def test_one_at_a_time_goes_in_order_on_the_task_s_client(monkeypatch):
    monkeypatch.setattr(_batch_create, 'CREATES_AT_ONCE', 1)
    client, seen = TwinCounting(), []
    _batch_create.create_all(client, [{'item': str(n)} for n in range(3)], lambda used, plan: seen.append((plan['item'], used)))
    assert seen == [('0', client), ('1', client), ('2', client)] and client.twins == []


def test_a_crash_in_a_create_thread_reaches_the_task(monkeypatch):
    monkeypatch.setattr(_batch_create, 'CREATES_AT_ONCE', 4)

    def send(used, plan):
        if plan['item'] == '2':
            raise RuntimeError('boom')

    with pytest.raises(RuntimeError, match='boom'):
        _batch_create.create_all(TwinCounting(), [{'item': str(n)} for n in range(4)], send)


def test_a_twin_has_its_own_session_and_shares_the_rest():
    limiter = object()
    client = NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, timeout=7, retries=2, limiter=limiter, user_agent='ua')
    twin = client.twin()
    assert twin.session is not client.session
    assert (twin.access_key, twin.region, twin.base_url, twin.timeout, twin.retries, twin.limiter, twin.user_agent) == (
        client.access_key,
        'KR',
        client.base_url,
        7,
        2,
        limiter,
        'ua',
    )
    assert twin.clock is client.clock and twin.sleep is client.sleep
