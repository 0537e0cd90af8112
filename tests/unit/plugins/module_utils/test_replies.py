# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading replies: the error each shape of failure becomes, what it carries, hints, scrubbing, odd success bodies."""

from __future__ import annotations

import json
from email.utils import formatdate

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils import _replies
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._policy import Verdict
from ansible_collections.ncloud.vserver.plugins.module_utils._replies import (
    MAX_REPLY_BYTES,
    error_from_response,
    excerpt,
    parse_json,
    shape_problem,
    success_body,
)

ACTION = 'getBlockStorageSnapshotInstanceList'
NOW = 1795740000.0
SECRET = 'TOPSECRETVALUE'
NOTHING = Verdict(False, False, False, False)
UNREADABLE_WRITE = Verdict(False, True, False, False)


def body(document):
    return json.dumps(document).encode('utf-8')


def gateway(code, message, details=None):
    error = {'errorCode': code, 'message': message}
    if details is not None:
        error['details'] = details
    return body({'error': error})


def service(code, message):
    return body({'responseError': {'returnCode': code, 'returnMessage': message}})


def failure(status, raw, headers=None, write=False, secrets=()):
    return error_from_response(ACTION, status, headers or {}, raw, NOW, write, secrets)


def refused(raw, status=200, headers=None, write=False, secrets=()):
    with pytest.raises(NcloudApiError) as caught:
        success_body(ACTION, status, headers or {}, raw, NOW, write, secrets)
    return caught.value


# ---- parse_json / excerpt ----------------------------------------------------------------------


def test_parse_json_takes_a_byte_order_mark_and_refuses_what_is_not_json():
    assert parse_json(b'\xef\xbb\xbf{"a": 1}') == {'a': 1}
    assert parse_json(b'{"a": "\xc3\xa9"}') == {'a': '\u00e9'}
    assert parse_json(b'\xff\xfe') is None
    assert parse_json(b'[' * 100000) is None
    assert parse_json(b'') is None


def test_excerpt_is_scrubbed_cut_and_decoded_leniently():
    assert excerpt(b'', ()) == ' with an empty body'
    assert excerpt(b' \n\t ', ()) == ' with an empty body'
    assert excerpt(b'<p>key TOPSECRETVALUE</p>', (SECRET,)) == ': <p>key <redacted></p>'
    assert excerpt(b'ok \xff end', ()) == ': ok \ufffd end'
    long = excerpt(b'y' * 5000, ())
    assert long == ': ' + 'y' * 197 + '...'


def test_excerpt_reads_far_enough_to_fill_its_length_after_blanks_collapse():
    # 600 blanks and then text: the first 800 bytes hold the text, collapsed to one blank.
    assert excerpt(b' ' * 600 + b'x' * 300, ()) == ': ' + 'x' * 200
    assert excerpt(b' ' * 790 + b'abcdefghijklmnop', ()) == ': abcdefghij'


# ---- error replies -----------------------------------------------------------------------------


def test_gateway_error_carries_everything():
    error = failure(404, gateway('300', 'Not Found Exception', 'no such action'))
    assert (error.action, error.http_status, error.code, error.message, error.details) == (ACTION, 404, '300', 'Not Found Exception', 'no such action')
    assert error.verdict == NOTHING and error.hint is None


def test_gateway_error_without_details_has_none():
    assert failure(404, gateway('300', 'Not Found'), {}).details is None
    assert failure(404, gateway('300', 'Not Found', ''), {}).details is None


def test_service_error_carries_code_and_message():
    error = failure(400, service('10712', 'Not found product.'))
    assert (error.code, error.message, error.details, error.http_status) == ('10712', 'Not found product.', None, 400)


def test_numeric_codes_become_text():
    assert failure(400, service(24, 'x')).code == '24'


def test_error_without_a_message_says_so():
    assert failure(400, service('1', None)).message == 'no message'
    assert failure(400, gateway('1', '')).message == 'no message'


def test_unexpected_error_body_is_quoted():
    error = failure(502, b'<html>Bad Gateway</html>')
    assert (error.code, error.message) == (None, 'unexpected reply: <html>Bad Gateway</html>')
    assert failure(403, b'[1]').message == 'unexpected reply: [1]'
    assert failure(403, body({'error': 'flat'})).message == 'unexpected reply: {"error": "flat"}'


def test_error_verdict_follows_the_policy_for_the_status_and_code_of_a_write():
    assert failure(503, gateway('500', 'Endpoint Error'), write=True).verdict == Verdict(False, True, False, False)
    assert failure(504, gateway('510', 'Endpoint Timeout'), write=True).verdict == Verdict(False, True, True, False)
    assert failure(503, gateway('500', 'Endpoint Error')).verdict == Verdict(True, False, False, False)
    assert failure(400, service('9902004', 'busy'), write=True).verdict == Verdict(False, False, False, True)
    assert failure(429, gateway('400', 'Quota Exceeded')).verdict == NOTHING


def test_long_codes_and_messages_are_cut():
    error = failure(400, gateway('c' * 100, 'm' * 1000, 'd' * 1000))
    assert error.code == 'c' * 37 + '...'
    assert error.message == 'm' * 497 + '...'
    assert error.details == 'd' * 497 + '...'


def test_secrets_are_scrubbed_from_message_details_and_quotes():
    signature = 'A' * 43 + '='
    error = failure(401, gateway('200', 'bad TOPSECRETVALUE', 'signature %s key TOPSECRETVALUE' % signature), secrets=(SECRET,))
    assert error.message == 'bad <redacted>'
    assert error.details == 'signature <redacted> key <redacted>'
    assert SECRET not in failure(500, b'echo TOPSECRETVALUE', secrets=(SECRET,)).message
    assert failure(400, service('1', {'k': SECRET}), secrets=(SECRET,)).message == "{'k': '<redacted>'}"


def test_details_are_made_readable():
    assert failure(400, gateway('1', 'm', 'line one\nline\x00two')).details == 'line one line two'
    assert failure(400, gateway('1', 'm', ['a', 'b'])).details == "['a', 'b']"


# ---- hints -------------------------------------------------------------------------------------


def auth(skew_seconds=None, code='200'):
    headers = {} if skew_seconds is None else {'Date': formatdate(NOW + skew_seconds, usegmt=True)}
    return failure(401, gateway(code, 'Authentication Failed'), headers).hint


def test_auth_hint_points_at_the_keys():
    assert auth(3) == 'check access_key and secret_key (or NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY) and that the key is active'


def test_auth_hint_without_a_date_header_also_points_at_the_clock():
    assert auth(None) == (
        'check access_key and secret_key (or NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY) and that the key is active; '
        'the reply had no Date header to compare clocks with, so also check that the local clock is within '
        '300 seconds of the right time'
    )


def test_auth_hint_with_an_unreadable_date_is_as_without():
    hint = failure(401, gateway('200', 'x'), {'Date': 'yesterday'}).hint
    assert hint.endswith('so also check that the local clock is within 300 seconds of the right time')


@pytest.mark.parametrize('skew, words', [(900, '900 seconds behind'), (-301, '301 seconds ahead of'), (301, '301 seconds behind')])
def test_auth_hint_names_a_skewed_clock(skew, words):
    assert auth(skew) == (
        'the local clock is %s the NCP gateway\'s and NCP rejects requests more than 300 seconds off: set the '
        'clock of the host running the module right (NTP)' % words
    )


@pytest.mark.parametrize('skew', [300, -300, 0, 1])
def test_skew_within_the_limit_is_not_blamed(skew):
    assert auth(skew).startswith('check access_key and secret_key')


def test_permission_hint():
    assert auth(0, code='210') == 'the access key is valid but not allowed this action: grant the sub account a policy that covers it'


def test_skew_wins_over_the_permission_hint():
    assert auth(1000, code='210').startswith('the local clock is 1000 seconds behind')


def test_date_header_is_read_by_its_name():
    hint = failure(401, gateway('200', 'x'), {'Date': formatdate(NOW + 900, usegmt=True)}).hint
    assert 'the local clock is 900 seconds behind' in hint


def test_quota_and_throttling_hints():
    assert failure(429, gateway('400', 'Quota Exceeded')).hint == (
        'this is a quota of the account, not a rate limit, so it was not retried: raise the quota or free some of it'
    )
    assert failure(429, gateway('410', 'Throttle Limited')).hint == (
        'NCP is throttling this key; retries were exhausted: set api_rate_limit below its limit, raise api_retries or run fewer tasks at once'
    )
    assert failure(400, gateway('400', 'Bad request')).hint is None
    assert failure(430, gateway('400', 'odd')).hint is None
    assert failure(500, gateway('400', 'odd')).hint is None


# ---- success bodies ----------------------------------------------------------------------------


def test_success_body_is_the_inner_object():
    wrapper = {'totalRows': 1, 'blockStorageSnapshotInstanceList': [{'a': 1}], 'returnCode': '0'}
    assert success_body(ACTION, 200, {}, body({ACTION + 'Response': wrapper}), NOW, False) == wrapper
    assert success_body(ACTION, 200, {}, body({ACTION + 'Response': {}}), NOW, False) == {}


def test_non_json_success_names_the_content_type():
    error = refused(b'<x/>', headers={'Content-Type': 'application/xml'}, write=True)
    assert error.message == 'the reply was not JSON (application/xml): <x/>'
    assert (error.action, error.http_status, error.verdict) == (ACTION, 200, UNREADABLE_WRITE)
    assert refused(b'', status=204).message == 'the reply was not JSON (no content type) with an empty body'
    assert refused(b'', status=204).http_status == 204 and refused(b'').verdict == NOTHING


def test_content_type_is_cut():
    error = refused(b'x', headers={'Content-Type': 't' * 200})
    assert error.message == 'the reply was not JSON (%s...): x' % ('t' * 77)


def test_error_document_in_a_2xx_is_that_error():
    error = refused(service('1300', 'Unknown TOPSECRETVALUE'), status=200, write=True, secrets=(SECRET,))
    assert (error.action, error.http_status, error.code, error.message) == (ACTION, 200, '1300', 'Unknown <redacted>')
    error = refused(gateway('510', 'Endpoint Timeout'), status=202, headers={}, write=True)
    assert (error.http_status, error.code) == (202, '510')
    error = refused(gateway('200', 'Authentication Failed'), status=200)
    assert error.hint is None


def test_missing_wrapper_is_quoted():
    error = refused(body({'other': 1}), status=201, write=True)
    assert error.message == 'the reply has no getBlockStorageSnapshotInstanceListResponse object: {"other": 1}'
    assert (error.action, error.http_status, error.verdict) == (ACTION, 201, UNREADABLE_WRITE)
    assert refused(body({ACTION + 'Response': [1]})).message.startswith('the reply has no ')


def test_failing_return_code_is_an_error_with_its_code():
    error = refused(body({ACTION + 'Response': {'returnCode': '9902004', 'returnMessage': 'busy TOPSECRETVALUE'}}), write=True, secrets=(SECRET,))
    assert (error.action, error.http_status, error.code, error.message) == (ACTION, 200, '9902004', 'busy <redacted>')
    assert error.verdict == Verdict(False, False, False, True)
    error = refused(body({ACTION + 'Response': {'returnCode': 'r' * 60}}))
    assert error.code == 'r' * 37 + '...' and error.message == 'no message'
    assert refused(body({ACTION + 'Response': {'returnCode': 77}})).code == '77'


def test_shape_problem_is_an_unreadable_reply():
    error = refused(body({ACTION + 'Response': {'totalRows': 'many'}}), status=200, write=True)
    assert error.message == "the reply's totalRows is not a whole number: many"
    assert (error.action, error.http_status, error.code, error.verdict) == (ACTION, 200, None, UNREADABLE_WRITE)


def test_reply_over_the_size_limit_is_refused_and_at_the_limit_read(monkeypatch):
    monkeypatch.setattr(_replies, 'MAX_REPLY_BYTES', 100)
    document = body({ACTION + 'Response': {'a': 'x' * 8}})
    padded = document + b' ' * (100 - len(document))
    assert success_body(ACTION, 200, {}, padded, NOW, False) == {'a': 'x' * 8}
    error = refused(padded + b' ', write=True)
    assert (error.action, error.http_status, error.verdict) == (ACTION, 200, UNREADABLE_WRITE)
    assert error.message == 'the reply is larger than 0 MiB, which NCP never sends'


def test_size_limit_is_told_in_mib():
    assert MAX_REPLY_BYTES == 32 * 1024 * 1024
    error = refused(b' ' * (MAX_REPLY_BYTES + 1))
    assert error.message == 'the reply is larger than 32 MiB, which NCP never sends'


# ---- shapes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    'wrapper',
    [
        {},
        {'totalRows': 0},
        {'totalRows': '12'},
        {'totalRows': 5, 'aList': []},
        {'aList': [{}, {'b': 1}]},
        {'listed': 'x'},
    ],
)
def test_shapes_ncp_sends(wrapper):
    assert shape_problem(wrapper) is None


@pytest.mark.parametrize(
    'wrapper, problem',
    [
        ({'aList': 'x'}, "the reply's aList is not a list of objects"),
        ({'aList': [{}, 1]}, "the reply's aList is not a list of objects"),
        ({'aList': None}, "the reply's aList is not a list of objects"),
        ({'k' * 100 + 'List': 1}, "the reply's %s... is not a list of objects" % ('k' * 77)),
        ({'totalRows': None}, "the reply's totalRows is not a whole number: None"),
        ({'totalRows': True}, "the reply's totalRows is not a whole number: True"),
        ({'totalRows': -1}, "the reply's totalRows is not a whole number: -1"),
        ({'totalRows': 1.0}, "the reply's totalRows is not a whole number: 1.0"),
        ({'totalRows': '\u0663'}, "the reply's totalRows is not a whole number: \u0663"),
        ({'totalRows': '9' * 59 + 'x'}, "the reply's totalRows is not a whole number: %s..." % ('9' * 37)),
    ],
)
def test_shapes_that_are_not_ncp_s(wrapper, problem):
    assert shape_problem(wrapper) == problem
