# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading NCP replies of any shape: the body of a success, or the error a failure means.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Anything quoted from a reply is scrubbed of the keys and signatures first: a gateway or proxy
page may echo the rejected request.
"""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime

from ._errors import NcloudApiError, readable, scrub
from ._policy import QUOTA_CODE, REPLY, UNREADABLE, classify

# NCP rejects a signature whose timestamp is more than five minutes off the gateway's clock.
ALLOWED_SKEW_SECONDS = 300
# NCP's largest replies (1000 snapshots a page) are about 1 MiB; anything far bigger is not NCP.
MAX_REPLY_BYTES = 32 * 1024 * 1024
_BODY_EXCERPT = 200


def parse_json(body):
    """The JSON document in ``body`` (bytes), or None when it is not JSON (or nested beyond reason)."""
    try:
        return json.loads(body.decode('utf-8-sig'))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None


def excerpt(body, secrets):
    """The start of a reply that is not what NCP sends, scrubbed, for the error message."""
    text = readable(scrub(body[: _BODY_EXCERPT * 4].decode('utf-8', 'replace'), secrets), _BODY_EXCERPT)
    return ': %s' % text if text else ' with an empty body'


def _clock_skew_seconds(headers, now):
    """Gateway clock minus ours, from the reply's Date header; None when there is no usable header."""
    try:
        return parsedate_to_datetime(headers['Date']).timestamp() - now
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return None


def _auth_hint(code, skew):
    if skew is not None and abs(skew) > ALLOWED_SKEW_SECONDS:
        return (
            'the local clock is %d seconds %s the NCP gateway\'s and NCP rejects requests more than %d seconds off: '
            'set the clock of the host running the module right (NTP)' % (abs(skew), 'behind' if skew > 0 else 'ahead of', ALLOWED_SKEW_SECONDS)
        )
    if code == '210':
        return 'the access key is valid but not allowed this action: grant the sub account a policy that covers it'
    hint = 'check access_key and secret_key (or NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY) and that the key is active'
    if skew is None:
        hint += (
            '; the reply had no Date header to compare clocks with, so also check that the local clock is within %d '
            'seconds of the right time' % ALLOWED_SKEW_SECONDS
        )
    return hint


def _hint(status, code, skew):
    if status == 401:
        return _auth_hint(code, skew)
    if status == 429 and code == QUOTA_CODE:
        return 'this is a quota of the account, not a rate limit, so it was not retried: raise the quota or free some of it'
    if status == 429:
        return 'NCP is throttling this key; retries were exhausted: set api_rate_limit below its limit, raise api_retries or run fewer tasks at once'
    return None


def error_from_response(action, status, headers, body, now, write, secrets=()):
    """The :class:`NcloudApiError` for an error reply, whatever its shape.

    NCP answers gateway failures with ``{"error": {"errorCode", "message", "details"}}`` and
    service failures with ``{"responseError": {"returnCode", "returnMessage"}}``; proxies in
    between may answer with HTML or nothing at all. ``body`` is the raw bytes of the reply.
    """
    document = parse_json(body)
    document = document if isinstance(document, dict) else {}
    gateway, service = document.get('error'), document.get('responseError')
    details = None
    if isinstance(gateway, dict):
        code, message, details = gateway.get('errorCode'), gateway.get('message'), gateway.get('details')
    elif isinstance(service, dict):
        code, message = service.get('returnCode'), service.get('returnMessage')
    else:
        code, message = None, 'unexpected reply%s' % excerpt(body, secrets)
    code = None if code is None else readable(code, 40)
    message = readable(scrub(str(message or 'no message'), secrets))
    details = readable(scrub(str(details), secrets)) if details else None
    return NcloudApiError(
        action,
        message,
        http_status=status,
        code=code,
        details=details,
        hint=_hint(status, code, _clock_skew_seconds(headers, now)),
        verdict=classify(REPLY, write, status, code),
    )


def success_body(action, status, headers, body, now, write, secrets=()):
    """The object inside ``<action>Response`` of a 2xx reply; :class:`NcloudApiError` for anything else."""
    unreadable = classify(UNREADABLE, write)
    if len(body) > MAX_REPLY_BYTES:
        raise NcloudApiError(
            action, 'the reply is larger than %d MiB, which NCP never sends' % (MAX_REPLY_BYTES // 2**20), http_status=status, verdict=unreadable
        )
    document = parse_json(body)
    if document is None:
        content_type = readable(headers.get('Content-Type') or 'no content type', 80)
        raise NcloudApiError(action, 'the reply was not JSON (%s)%s' % (content_type, excerpt(body, secrets)), http_status=status, verdict=unreadable)
    if isinstance(document, dict) and ('error' in document or 'responseError' in document):
        raise error_from_response(action, status, headers, body, now, write, secrets)
    wrapper = document.get(action + 'Response') if isinstance(document, dict) else None
    if not isinstance(wrapper, dict):
        raise NcloudApiError(action, 'the reply has no %sResponse object%s' % (action, excerpt(body, secrets)), http_status=status, verdict=unreadable)
    if str(wrapper.get('returnCode', '0')) != '0':
        code = readable(wrapper.get('returnCode'), 40)
        raise NcloudApiError(
            action,
            readable(scrub(str(wrapper.get('returnMessage') or 'no message'), secrets)),
            http_status=status,
            code=code,
            verdict=classify(REPLY, write, status, code),
        )
    problem = shape_problem(wrapper)
    if problem:
        raise NcloudApiError(action, problem, http_status=status, verdict=unreadable)
    return wrapper


def shape_problem(wrapper):
    """What makes a reply's body not NCP's (a list that is not of objects, a bad totalRows), or None."""
    for key, value in wrapper.items():
        if key.endswith('List') and not (isinstance(value, list) and all(isinstance(item, dict) for item in value)):
            return 'the reply\'s %s is not a list of objects' % readable(key, 80)
    total = wrapper.get('totalRows', 0)
    if isinstance(total, bool) or not isinstance(total, (int, str)) or not str(total).isdigit() or not str(total).isascii():
        return 'the reply\'s totalRows is not a whole number: %s' % readable(total, 40)
    return None
