# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How the client sends: defaults, TLS, the URL, deadlines, connection errors in words, scrubbing, backoff."""

from __future__ import annotations

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from ansible_collections.ncloud.vserver.plugins.module_utils._backoff import backoff, call_budget
from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._policy import Verdict
from ansible_collections.ncloud.vserver.plugins.module_utils._query import encode_query

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, ok, reply

LIST = 'getBlockStorageSnapshotInstanceList'
CREATE = 'createBlockStorageSnapshotInstance'


def make_client(clock, **options):
    options.setdefault('retries', 3)
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', options.pop('base_url', API_URL), clock=clock.time, sleep=clock.sleep, jitter=lambda: 1.0, **options)


def test_constructor_defaults():
    client = NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL)
    assert (client.validate_certs, client.timeout, client.retries, client.request_count) == (True, 30, 3, 0)
    assert isinstance(client.session, requests.Session)


def test_tls_verification_is_passed_through(ncp, clock):
    ncp.verify = False
    ncp.expect(LIST, {}, ok(LIST))
    make_client(clock, validate_certs=False).call(LIST)


def test_tls_verification_is_on_by_default(ncp, clock):
    ncp.expect(LIST, {}, ok(LIST))
    NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, clock=clock.time).call(LIST)


def test_a_trailing_slash_of_the_base_url_is_dropped(ncp, clock):
    client = make_client(clock, base_url=API_URL + '//')
    assert client.base_url == API_URL
    ncp.expect(LIST, {}, ok(LIST))
    client.call(LIST)


def test_every_request_is_counted(ncp, clock):
    client = make_client(clock)
    ncp.expect(LIST, {}, reply(503, text='')).expect(LIST, {}, ok(LIST)).expect(LIST, {}, ok(LIST))
    client.call(LIST)
    client.call(LIST)
    assert client.request_count == 3


def test_region_and_format_frame_every_query(ncp, clock):
    ncp.expect(LIST, {'a': '1'}, ok(LIST))
    make_client(clock).call(LIST, {'a': 1})
    assert ncp.sent == [(LIST, [('regionCode', 'KR'), ('a', '1'), ('responseFormatType', 'json')])]


def test_each_attempt_is_bounded_by_api_timeout(ncp, clock):
    ncp.api_timeout = 7
    ncp.expect(LIST, {}, ok(LIST))
    make_client(clock, timeout=7).call(LIST)
    assert ncp.timeouts == [7]


def test_a_near_deadline_shortens_the_attempt(ncp, clock):
    ncp.expect(LIST, {}, ok(LIST))
    make_client(clock).call(LIST, deadline=clock.now + 5)
    assert ncp.timeouts == [5]


def test_a_passed_deadline_still_sends_once_with_a_millisecond(ncp, clock):
    ncp.expect(LIST, {}, reply(503, text=''))
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock).call(LIST, deadline=clock.now - 100)
    assert ncp.timeouts == [0.001] and caught.value.attempts == 1 and clock.sleeps == []


def test_a_later_deadline_than_the_budget_is_cut_to_the_budget(ncp, clock):
    ncp.expect(LIST, {}, ok(LIST))
    make_client(clock, timeout=10, retries=0).call(LIST, deadline=clock.now + 10000)
    assert ncp.timeouts == [10] and call_budget(10, 0) == 10


def test_no_retry_whose_backoff_would_reach_the_deadline(ncp, clock):
    ncp.expect(LIST, {}, reply(503, text=''))
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock).call(LIST, deadline=clock.now + 1.0)  # the first backoff is exactly 1 s
    assert clock.sleeps == [] and caught.value.attempts == 1 and caught.value.elapsed == 0


def test_a_retry_whose_backoff_ends_before_the_deadline_is_made(ncp, clock):
    ncp.expect(LIST, {}, reply(503, text='')).expect(LIST, {}, ok(LIST))
    make_client(clock).call(LIST, deadline=clock.now + 1.01)
    assert clock.sleeps == [1.0] and ncp.timeouts == [pytest.approx(1.01), pytest.approx(0.01)]


def test_attempts_and_elapsed_time_are_recorded(ncp, clock):
    for dummy in range(3):
        ncp.expect(LIST, {}, reply(503, text=''))
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock, retries=2).call(LIST)
    assert (caught.value.attempts, caught.value.elapsed) == (3, 3.0)
    assert clock.sleeps == [1.0, 2.0]


def test_zero_retries_send_once(ncp, clock):
    ncp.expect(LIST, {}, reply(503, text=''))
    with pytest.raises(NcloudApiError):
        make_client(clock, retries=0).call(LIST)


def refused():
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/', NewConnectionError(None, 'refused')))


@pytest.mark.parametrize(
    'raised, message, verdict',
    [
        (requests.exceptions.InvalidURL('bad'), 'the request could not be sent (InvalidURL): check api_url', Verdict(False, False, False, False)),
        (requests.exceptions.InvalidSchema('bad'), 'the request could not be sent (InvalidSchema): check api_url', Verdict(False, False, False, False)),
        (requests.exceptions.MissingSchema('bad'), 'the request could not be sent (MissingSchema): check api_url', Verdict(False, False, False, False)),
        (requests.exceptions.InvalidHeader('bad'), 'the request could not be sent (InvalidHeader): check api_url', Verdict(False, False, False, False)),
        (requests.exceptions.ConnectTimeout('slow'), 'could not connect (ConnectTimeout); nothing was sent', Verdict(True, False, False, False)),
        (refused(), 'could not connect (ConnectionError); nothing was sent', Verdict(True, False, False, False)),
        (requests.exceptions.ReadTimeout('slow'), 'no complete reply within api_timeout=30 seconds (ReadTimeout)', Verdict(False, True, True, False)),
        (
            requests.exceptions.SSLError('cert'),
            "TLS error (SSLError): is the gateway's certificate trusted? (validate_certs)",
            Verdict(False, True, True, False),
        ),
        (
            requests.exceptions.ConnectionError('aborted'),
            'the connection was lost before a complete reply (ConnectionError)',
            Verdict(False, True, True, False),
        ),
        (
            requests.exceptions.ChunkedEncodingError('cut'),
            'the connection was lost before a complete reply (ChunkedEncodingError)',
            Verdict(False, True, True, False),
        ),
    ],
)
def test_connection_errors_of_a_write_in_words(ncp, clock, raised, message, verdict):
    ncp.expect(CREATE, {}, raised)
    if verdict.retry:
        for dummy in range(3):
            ncp.expect(CREATE, {}, raised)
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock).call(CREATE, write=True)
    error = caught.value
    assert (error.action, error.message, error.verdict, error.http_status, error.code) == (CREATE, message, verdict, None, None)
    assert error.retry_after is None


def test_an_http_error_reply_is_not_read_as_a_success(ncp, clock):
    ncp.expect(LIST, {}, reply(400, text='<html>no</html>'))
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock).call(LIST)
    assert caught.value.message == 'unexpected reply: <html>no</html>' and caught.value.http_status == 400


def test_a_redirect_is_not_followed_and_reads_as_a_success_reply(ncp, clock):
    ncp.expect(LIST, {}, reply(302, text='', headers={'Location': 'https://elsewhere.test/'}))
    with pytest.raises(NcloudApiError, match='not JSON') as caught:
        make_client(clock).call(LIST)
    assert caught.value.http_status == 302


def test_an_unreadable_reply_to_a_read_changed_nothing(ncp, clock):
    ncp.expect(LIST, {}, reply(200, text='<x/>'))
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock).call(LIST)
    assert caught.value.verdict == Verdict(False, False, False, False)


def test_keys_are_scrubbed_from_quoted_replies(ncp, clock):
    client = make_client(clock)
    echo = 'key %s secret %s' % (ACCESS_KEY, SECRET_KEY)
    ncp.expect(LIST, {}, reply(200, {LIST + 'Response': {'returnCode': '5', 'returnMessage': echo}}))
    with pytest.raises(NcloudApiError) as caught:
        client.call(LIST)
    assert caught.value.message == 'key <redacted> secret <redacted>'
    ncp.expect(LIST, {}, reply(400, {'responseError': {'returnCode': '5', 'returnMessage': echo}}))
    with pytest.raises(NcloudApiError) as caught:
        client.call(LIST)
    assert caught.value.message == 'key <redacted> secret <redacted>'


def test_the_signature_sent_is_scrubbed(ncp, clock, monkeypatch):
    client = make_client(clock)
    sent = []
    original = ncp.send

    def echo(prepared, **kwargs):
        sent.append(prepared.headers['x-ncp-apigw-signature-v2'])
        original(prepared, **kwargs)
        return reply(401, {'error': {'errorCode': '200', 'message': 'rejected sig %s!' % sent[0]}})

    monkeypatch.setattr(requests.Session, 'send', lambda session, prepared, **kwargs: echo(prepared, **kwargs))
    ncp.expect(LIST, {}, None)
    with pytest.raises(NcloudApiError) as caught:
        client.call(LIST)
    assert caught.value.message == 'rejected sig <redacted>!'
    assert client._last_signature == sent[0] and len(sent[0]) == 44


def test_retry_after_is_kept_on_the_error(ncp, clock):
    ncp.expect(LIST, {}, reply(429, {'error': {'errorCode': '400', 'message': 'Quota Exceeded'}}, headers={'Retry-After': '9'}))
    with pytest.raises(NcloudApiError) as caught:
        make_client(clock).call(LIST)
    assert caught.value.retry_after == '9' and caught.value.attempts == 1


class StreamedRaw:
    """A streamed body that records being closed."""

    def __init__(self, data):
        self.data = [data]
        self.closed = False

    def read1(self, amount, decode_content=False):
        return self.data.pop(0) if self.data else b''

    def close(self):
        self.closed = True

    def release_conn(self):
        pass


def test_a_streamed_reply_is_read_and_closed(ncp, clock):
    response = requests.Response()
    response.status_code = 200
    response.raw = StreamedRaw(b'{"%sResponse": {"totalRows": 0}}' % LIST.encode())
    ncp.expect(LIST, {}, response)
    assert make_client(clock).call(LIST) == {'totalRows': 0}
    assert response.raw.closed


# ---- backoff and query --------------------------------------------------------------------------


@pytest.mark.parametrize(
    'attempt, jitter, delay',
    [
        (0, 0.0, 0.5),
        (0, 1.0, 1.0),
        (1, 0.5, 1.5),
        (3, 0.0, 4.0),
        (4, 1.0, 16.0),
        (5, 1.0, 20.0),
        (5, 0.0, 10.0),
        (9, 0.5, 15.0),
    ],
)
def test_backoff_is_exponential_jittered_and_capped(attempt, jitter, delay):
    assert backoff(attempt, None, 0.0, jitter) == delay


@pytest.mark.parametrize('retry_after, delay', [('7', 7.0), ('0.2', 0.5), ('100', 20.0), ('soon', 0.5), ('nan', 0.5)])
def test_backoff_honours_retry_after_up_to_the_cap(retry_after, delay):
    assert backoff(0, retry_after, 0.0, 0.0) == delay


def test_names_are_percent_encoded_too():
    assert encode_query([('a/b', 'c/d'), ('x~', '~')]) == 'a%2Fb=c%2Fd&x~=~'
