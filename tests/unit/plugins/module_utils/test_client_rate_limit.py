# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The client with the shared rate limit: slots before signing, throttling backs off every process, quotas do not."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._rate_limit import RateLimit

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, ok, reply

LIST = 'getBlockStorageSnapshotInstanceList'
CREATE = 'createBlockStorageSnapshotInstance'


@pytest.fixture
def limiter(tmp_path, clock):
    """limiter(rate) -> a RateLimit on one shared directory: each stands for another process on the same key."""
    return lambda rate=None: RateLimit(rate, ACCESS_KEY, API_URL, clock=clock.time, sleep=clock.sleep, directory=str(tmp_path))


def client_with(limit, clock, retries=3):
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=retries, clock=clock.time, sleep=clock.sleep, jitter=lambda: 0.0, limiter=limit)


def throttled(code='410', retry_after=None):
    message = {'400': 'Quota Exceeded', '410': 'Throttle Limited', '420': 'Rate Limited'}[code]
    return reply(429, {'error': {'errorCode': code, 'message': message}}, headers={'Retry-After': retry_after} if retry_after else None)


def test_requests_wait_for_their_slot_and_are_signed_when_they_leave(ncp, clock, limiter):
    client = client_with(limiter(2), clock)
    start = clock.now
    for dummy in range(3):
        ncp.expect(LIST, {}, ok(LIST))  # the fake NCP checks each timestamp is the clock when it arrives
        client.call(LIST)
    assert clock.now - start == pytest.approx(1.0)


@pytest.mark.parametrize('code', ['410', '420'])
def test_a_throttled_reply_holds_back_the_other_processes_for_its_retry_after(ncp, clock, limiter, code):
    client, other = client_with(limiter(), clock), limiter(18)
    start = clock.now
    ncp.expect(LIST, {}, throttled(code, '7'))
    ncp.expect(LIST, {}, ok(LIST))
    client.call(LIST)
    assert clock.now == pytest.approx(start + 7)  # the retry waited the 7 s itself
    clock.now = start + 1  # another process, one second after the refusal
    other.before_request(start + 60)
    assert clock.now == pytest.approx(start + 7)


def test_retry_after_as_an_http_date_is_shared_too(ncp, clock, limiter):
    client, other = client_with(limiter(), clock, retries=0), limiter()
    start = clock.now
    ncp.expect(LIST, {}, throttled('410', formatdate(start + 12, usegmt=True)))
    with pytest.raises(NcloudApiError):
        client.call(LIST)
    other.before_request(start + 60)
    assert clock.now == pytest.approx(start + 12)


def test_without_a_retry_left_the_refusal_still_holds_back_the_others(ncp, clock, limiter):
    client, other = client_with(limiter(), clock, retries=0), limiter()
    start = clock.now
    ncp.expect(CREATE, {}, throttled('420'))
    with pytest.raises(NcloudApiError) as caught:
        client.call(CREATE, write=True)
    assert caught.value.http_status == 429 and clock.now == start  # not retried: it did not sleep
    other.before_request(start + 60)
    assert clock.now == pytest.approx(start + 0.5)  # the first backoff (1 s, jitter 0 halves it)


@pytest.mark.parametrize('response', [throttled('400'), reply(503, {'error': {'errorCode': '500', 'message': 'Endpoint Error'}})])
def test_a_quota_or_a_server_error_holds_back_nobody(ncp, clock, limiter, response):
    client, other = client_with(limiter(), clock, retries=0), limiter()
    ncp.expect(LIST, {}, response)
    with pytest.raises(NcloudApiError):
        client.call(LIST)
    start = clock.now
    other.before_request(start + 60)
    assert clock.now == start


def test_a_quota_is_not_retried(ncp, clock, limiter):
    ncp.expect(LIST, {}, throttled('400'))
    with pytest.raises(NcloudApiError) as caught:
        client_with(limiter(), clock).call(LIST)
    assert caught.value.code == '400' and caught.value.attempts == 1 and 'quota' in str(caught.value)


def test_no_slot_before_the_deadline_fails_without_sending(ncp, clock, limiter):
    limiter().throttled(500)  # far beyond this call's budget of 4 * 30 + 3 * 20 s
    client = client_with(limiter(5), clock, retries=3)
    with pytest.raises(NcloudApiError) as caught:
        client.call(CREATE, write=True, deadline=clock.now + 60)
    assert ncp.sent == [] and client.request_count == 0
    assert caught.value.maybe_applied is False
    assert str(caught.value).startswith(
        "createBlockStorageSnapshotInstance failed: no request slot before the call's deadline "
        "(api_rate_limit=5 and NCP's throttling spaces the requests of every task using this "
        "key); nothing was sent"
    )


def test_the_wait_for_a_slot_counts_against_the_call_s_deadline(ncp, clock, limiter):
    limiter().throttled(10)
    client = client_with(limiter(), clock, retries=3)
    start = clock.now
    ncp.expect(LIST, {}, ok(LIST))
    client.call(LIST, deadline=start + 11)
    assert clock.now == pytest.approx(start + 10)
    limiter().throttled(10)
    with pytest.raises(NcloudApiError, match='no request slot'):
        client.call(LIST, deadline=clock.now + 5)
