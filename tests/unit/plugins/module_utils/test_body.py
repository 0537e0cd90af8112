# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading a streamed body: one socket read at a time, each given only the time left, and a size cap."""

from __future__ import annotations

import pytest
import requests
from urllib3 import exceptions as urllib3_exceptions

from ansible_collections.ncloud.vserver.plugins.module_utils import _body
from ansible_collections.ncloud.vserver.plugins.module_utils._body import ReplyTooSlow, read_body

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import FakeTime


class Socket:
    def __init__(self):
        self.timeouts = []

    def settimeout(self, seconds):
        self.timeouts.append(seconds)


def _raise(error):
    # A chunk that is not bytes is the error this read raises.
    assert isinstance(error, BaseException)
    raise error


class Connection:
    def __init__(self):
        self.sock = Socket()


class Raw:
    """A streamed body: each read returns the next chunk (or raises it) and takes ``seconds`` of the fake clock."""

    def __init__(self, chunks, clock=None, seconds=0.0, read1=True):
        self.chunks = list(chunks)
        self.clock = clock
        self.seconds = seconds
        self.reads = []
        self._connection = Connection()
        if read1:
            self.read1 = self._read

    def _read(self, amount, decode_content=False):
        self.reads.append((amount, decode_content))
        if self.clock is not None:
            self.clock.now += self.seconds
        chunk = self.chunks.pop(0) if self.chunks else b''
        if isinstance(chunk, bytes):
            return chunk
        _raise(chunk)


class OldRaw(Raw):
    """A raw stream without read1 (older urllib3): plain read is used."""

    def __init__(self, chunks):
        super().__init__(chunks, read1=False)

    def read(self, amount, decode_content=False):
        return self._read(amount, decode_content)


def response_with(raw, content=None):
    response = requests.Response()
    response.status_code = 200
    response.raw = raw
    if content is not None:
        response._content = content
    return response


@pytest.fixture
def clock():
    return FakeTime(now=1000.0)


def test_a_body_already_in_memory_is_returned_as_it_is(clock):
    assert read_body(response_with(None, b'{"a": 1}'), clock.now + 5, clock.time) == b'{"a": 1}'
    assert read_body(response_with(None, b''), clock.now + 5, clock.time) == b''


def test_a_body_in_memory_with_no_content_is_empty(clock):
    response = response_with(None)
    response._content = None
    assert read_body(response, clock.now + 5, clock.time) == b''


def test_chunks_are_joined_until_the_stream_ends(clock):
    raw = Raw([b'ab', b'cd', b'e'])
    assert read_body(response_with(raw), clock.now + 5, clock.time) == b'abcde'
    assert raw.reads == [(64 * 1024, True)] * 4


def test_plain_read_is_used_where_read1_is_missing(clock):
    raw = OldRaw([b'xy'])
    assert read_body(response_with(raw), clock.now + 5, clock.time) == b'xy'
    assert raw.reads == [(65536, True), (65536, True)]


def test_each_read_gets_only_the_time_left(clock):
    raw = Raw([b'a', b'b', b'c'], clock, seconds=1.5)
    assert read_body(response_with(raw), clock.now + 5, clock.time) == b'abc'
    assert raw._connection.sock.timeouts == [5.0, 3.5, 2.0, 0.5]


def test_a_trickle_past_the_attempt_s_end_is_too_slow(clock):
    raw = Raw([b'a'] * 10, clock, seconds=2.0)
    with pytest.raises(ReplyTooSlow, match='reading the reply took longer than api_timeout'):
        read_body(response_with(raw), clock.now + 5, clock.time)
    assert len(raw.reads) == 3 and raw._connection.sock.timeouts == [5.0, 3.0, 1.0]
    assert issubclass(ReplyTooSlow, requests.exceptions.Timeout)


def test_the_attempt_s_end_itself_is_too_late(clock):
    raw = Raw([b'a'])
    with pytest.raises(ReplyTooSlow):
        read_body(response_with(raw), clock.now, clock.time)
    assert raw.reads == []


def test_a_read_is_never_given_less_than_a_millisecond(clock):
    raw = Raw([b'a'], clock, seconds=4.9999)
    assert read_body(response_with(raw), clock.now + 5.0, clock.time) == b'a'
    assert raw._connection.sock.timeouts == [5.0, 0.001]


def test_a_stream_without_a_reachable_socket_is_still_read(clock):
    raw = Raw([b'ok'])
    raw._connection = None
    assert read_body(response_with(raw), clock.now + 5, clock.time) == b'ok'


def test_reading_stops_just_past_the_size_cap(clock, monkeypatch):
    monkeypatch.setattr(_body, 'MAX_REPLY_BYTES', 10)
    raw = Raw([b'x' * 6, b'y' * 6, b'z' * 6])
    body = read_body(response_with(raw), clock.now + 5, clock.time)
    assert body == b'x' * 6 + b'y' * 5 and len(raw.reads) == 2


def test_a_body_exactly_at_the_cap_is_read_whole(clock, monkeypatch):
    monkeypatch.setattr(_body, 'MAX_REPLY_BYTES', 10)
    raw = Raw([b'x' * 4, b'y' * 6])
    assert read_body(response_with(raw), clock.now + 5, clock.time) == b'x' * 4 + b'y' * 6
    assert len(raw.reads) == 3


@pytest.mark.parametrize(
    'raised, becomes',
    [
        (urllib3_exceptions.ReadTimeoutError(None, '/', 'read timed out'), requests.exceptions.ReadTimeout),
        (TimeoutError('timed out'), requests.exceptions.ReadTimeout),
        (urllib3_exceptions.DecodeError('bad gzip'), requests.exceptions.ContentDecodingError),
        (urllib3_exceptions.ProtocolError('connection broken'), requests.exceptions.ChunkedEncodingError),
        (ConnectionResetError('reset'), requests.exceptions.ChunkedEncodingError),
    ],
)
def test_errors_while_reading_become_requests_errors(clock, raised, becomes):
    with pytest.raises(becomes) as caught:
        read_body(response_with(Raw([b'a', raised])), clock.now + 5, clock.time)
    assert caught.type is becomes
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert caught.value.args[0] is raised
