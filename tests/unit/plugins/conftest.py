# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures shared by the unit tests (the fakes themselves live in ncp_fakes.py)."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.ncloud.vserver.plugins.module_utils import _base, _batch_create, _rate_limit
from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, FakeTime, ScriptedNcp


@pytest.fixture(autouse=True)
def creates_one_at_a_time(monkeypatch):
    """Scripted exchanges come in order: the batch's creates go one after another here
    (test_batch_create_all.py tests them going several at once)."""
    monkeypatch.setattr(_batch_create, 'CREATES_AT_ONCE', 1)


@pytest.fixture(autouse=True)
def private_rate_state(monkeypatch, tmp_path):
    """Each test its own shared rate-limit directory: fake clocks must not meet in the real one."""
    directory = str(tmp_path / 'rate-state')
    monkeypatch.setattr(_rate_limit, 'state_directory', lambda: directory)
    return directory


@pytest.fixture
def ncp(monkeypatch, clock):
    """The scripted endpoint; requests must carry the ``clock`` fixture's time as their timestamp."""
    fake = ScriptedNcp(clock=clock)
    monkeypatch.setattr(requests.Session, 'send', lambda session, prepared, **kwargs: fake.send(prepared, **kwargs))
    yield fake
    assert not fake.script, 'expected requests never sent: %s' % [item[0] for item in fake.script]


@pytest.fixture
def clock(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(_base, 'time', fake)
    return fake


@pytest.fixture
def keys(monkeypatch, tmp_path):
    """Keys from the environment, and a HOME with no NCP config file."""
    for name in ('NCLOUD_ACCESS_KEY_ID', 'NCLOUD_SECRET_ACCESS_KEY', 'NCLOUD_REGION', 'NCLOUD_SITE', 'NCLOUD_API_GW'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('NCLOUD_ACCESS_KEY', ACCESS_KEY)
    monkeypatch.setenv('NCLOUD_SECRET_KEY', SECRET_KEY)
    monkeypatch.setenv('NCLOUD_API_GW', API_URL)


@pytest.fixture
def api_client(clock):
    """A client of the scripted endpoint on the fake clock: no retries, jitter at its top."""
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=0, clock=clock.time, sleep=clock.sleep, jitter=lambda: 1.0)
