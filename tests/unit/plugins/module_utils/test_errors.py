# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The two exceptions, how an API error reads, the structured failure, readable and scrubbed text."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import (
    REDACTED,
    ModuleError,
    NcloudApiError,
    failure_of,
    readable,
    scrub,
)
from ansible_collections.ncloud.vserver.plugins.module_utils._policy import Verdict


def test_api_error_defaults():
    error = NcloudApiError('getX', 'went wrong')
    assert (error.action, error.message, error.http_status, error.code, error.details, error.hint) == ('getX', 'went wrong', None, None, None, None)
    assert error.verdict == Verdict(False, False, False, False)
    assert (error.maybe_applied, error.maybe_in_flight, error.busy) == (False, False, False)
    assert (error.attempts, error.elapsed, error.retry_after) == (1, 0.0, None)
    assert error.args == ('went wrong',)


def test_api_error_takes_its_flags_from_the_verdict():
    error = NcloudApiError('createX', 'lost', verdict=Verdict(False, True, True, False))
    assert (error.maybe_applied, error.maybe_in_flight, error.busy) == (True, True, False)
    busy = NcloudApiError('deleteX', 'busy', verdict=Verdict(False, False, False, True))
    assert (busy.maybe_applied, busy.maybe_in_flight, busy.busy) == (False, False, True)


@pytest.mark.parametrize(
    'kwargs, text',
    [
        ({}, 'getX failed: went wrong.'),
        ({'http_status': 400}, 'getX failed (HTTP 400): went wrong.'),
        ({'code': '77'}, 'getX failed (NCP code 77): went wrong.'),
        ({'http_status': 503, 'code': '500'}, 'getX failed (HTTP 503, NCP code 500): went wrong.'),
        ({'details': 'more'}, 'getX failed: went wrong (more).'),
        ({'details': 'wrong'}, 'getX failed: went wrong.'),
        ({'hint': 'check the keys'}, 'getX failed: went wrong. Check the keys'),
    ],
)
def test_api_error_reads_as_one_sentence(kwargs, text):
    assert str(NcloudApiError('getX', 'went wrong', **kwargs)) == text


def test_attempts_and_time_are_told_only_after_a_retry():
    error = NcloudApiError('getX', 'went wrong', http_status=503)
    error.elapsed = 12.6
    assert str(error) == 'getX failed (HTTP 503): went wrong.'
    error.attempts = 2
    assert str(error) == 'getX failed (HTTP 503) after 2 attempts in 13 seconds: went wrong.'


@pytest.mark.parametrize(
    'message, text',
    [
        ('Bad name.', 'getX failed: Bad name.'),
        ('Wait...', 'getX failed: Wait....'),
        ('Done', 'getX failed: Done.'),
    ],
)
def test_one_full_stop(message, text):
    assert str(NcloudApiError('getX', message)) == text


def test_full_stop_before_the_hint_is_not_doubled():
    assert str(NcloudApiError('getX', 'Bad.', hint='fix it')) == 'getX failed: Bad. Fix it'


def test_module_error_carries_result_and_cause():
    cause = NcloudApiError('getX', 'lost')
    error = ModuleError('it failed', result={'snapshot': {'snapshot_no': '1'}}, cause=cause)
    assert (str(error), error.result, error.cause) == ('it failed', {'snapshot': {'snapshot_no': '1'}}, cause)
    plain = ModuleError('plain')
    assert (plain.result, plain.cause) == ({}, None)


def test_failure_of_an_api_error():
    error = NcloudApiError('createX', 'lost', http_status=504, code='510', verdict=Verdict(False, True, True, False))
    assert failure_of(error) == {'action': 'createX', 'http_status': 504, 'ncp_code': '510', 'maybe_applied': True, 'maybe_in_flight': True}


def test_failure_of_a_module_error_is_its_cause_s():
    cause = NcloudApiError('createX', 'lost', http_status=500, code='1000', verdict=Verdict(False, True, False, False))
    assert failure_of(ModuleError('may have been applied', cause=cause)) == {
        'action': 'createX',
        'http_status': 500,
        'ncp_code': '1000',
        'maybe_applied': True,
        'maybe_in_flight': False,
    }


def test_failure_without_a_request_behind_it():
    empty = {'action': None, 'http_status': None, 'ncp_code': None, 'maybe_applied': False, 'maybe_in_flight': False}
    assert failure_of(ModuleError('bad input')) == empty
    assert failure_of(ValueError('odd')) == empty


@pytest.mark.parametrize(
    'text, limit, expected',
    [
        ('a\nb\x00c\x1b[1m  d\x7f\x9fe', 500, 'a b c [1m d e'),
        ('  spaced   out  ', 500, 'spaced out'),
        ('x' * 10, 10, 'x' * 10),
        ('x' * 11, 10, 'xxxxxxx...'),
        (12345, 500, '12345'),
        (None, 500, 'None'),
    ],
)
def test_readable(text, limit, expected):
    assert readable(text, limit) == expected


def test_readable_default_limit_is_500():
    assert readable('y' * 500) == 'y' * 500
    assert readable('y' * 501) == 'y' * 497 + '...'


def test_scrub_replaces_secrets_longest_first_and_signature_shapes():
    assert scrub('key ABCDEF and ABC', ('ABC', 'ABCDEF')) == 'key %s and %s' % (REDACTED, REDACTED)
    assert scrub('key ABCDEF', ('ABCDEF', 'ABC', None, '')) == 'key ' + REDACTED
    assert scrub('key ABCD', ('BC', 'ABCD')) == 'key ' + REDACTED
    signature = 'ab+/' * 10 + 'xyz='
    assert scrub('sig=' + signature + ' end') == 'sig=%s end' % REDACTED
    assert scrub('short abc= stays') == 'short abc= stays'
    assert REDACTED == '<redacted>'
