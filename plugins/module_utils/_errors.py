# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's exceptions, and the functions that read NCP replies of any shape.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Messages carry the action, HTTP status, NCP code and NCP's text; never keys or signatures.
"""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime

# NCP rejects a signature whose timestamp is more than five minutes off the gateway's clock.
ALLOWED_SKEW_SECONDS = 300
# NCP's largest replies (1000 snapshots a page) are about 1 MiB; anything far bigger is not NCP.
MAX_REPLY_BYTES = 32 * 1024 * 1024
_BODY_EXCERPT = 200
_MESSAGE_LIMIT = 500
_UNPRINTABLE = re.compile(r'[\x00-\x1f\x7f-\x9f]+')


class ModuleError(Exception):
    """A problem to report to the user as it is; raised below main(), reported by main().

    ``result`` holds extra return values for the failed task (such as the snapshot's last facts).
    """

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result or {}


class NcloudApiError(Exception):
    """A failed NCP API call.

    ``maybe_applied`` is True when a write got no clear answer (timeout, dropped connection, 5xx):
    the change may or may not have happened, and only a fresh look can tell.
    ``maybe_in_flight`` is True when, on top of that, no final answer came back at all (no reply,
    or the gateway's 504 timeout): NCP may still be working on the call and apply it later, so a
    look right now that finds nothing does not prove it was not applied.
    ``attempts`` counts the requests sent for this call, retries included.
    """

    def __init__(self, action, message, http_status=None, code=None, hint=None, maybe_applied=False, maybe_in_flight=False):
        super().__init__(message)
        self.action = action
        self.message = message
        self.http_status = http_status
        self.code = code
        self.hint = hint
        self.maybe_applied = maybe_applied
        self.maybe_in_flight = maybe_in_flight
        self.attempts = 1
        self.elapsed = 0.0

    def __str__(self):
        where = ['HTTP %s' % self.http_status] if self.http_status else []
        if self.code:
            where.append('NCP code %s' % self.code)
        tries = ' after %d attempts in %d seconds' % (self.attempts, round(self.elapsed)) if self.attempts > 1 else ''
        message = self.message[:-1] if self.message.endswith('.') and not self.message.endswith('..') else self.message
        text = '%s failed%s%s: %s' % (self.action, ' (%s)' % ', '.join(where) if where else '', tries, message)
        return '%s. %s%s' % (text, self.hint[0].upper(), self.hint[1:]) if self.hint else text + '.'


def readable(text, limit=_MESSAGE_LIMIT):
    """``text`` on one line, control characters and runs of blanks collapsed, at most ``limit`` characters."""
    text = ' '.join(_UNPRINTABLE.sub(' ', str(text)).split())
    return text if len(text) <= limit else text[:limit - 3] + '...'


def parse_json(body):
    """The JSON document in ``body`` (bytes), or None when it is not JSON (or nested beyond reason)."""
    try:
        return json.loads(body.decode('utf-8-sig'))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None


def excerpt(body):
    """The start of a reply that is not what NCP sends, for the error message."""
    text = readable(body[:_BODY_EXCERPT * 4].decode('utf-8', 'replace'), _BODY_EXCERPT)
    return ': %s' % text if text else ' with an empty body'


def _clock_skew_seconds(headers, now):
    """Gateway clock minus ours, from the reply's Date header; None when there is no usable header."""
    try:
        return parsedate_to_datetime(headers['Date']).timestamp() - now
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return None


def _auth_hint(code, skew):
    if skew is not None and abs(skew) > ALLOWED_SKEW_SECONDS:
        return ('the local clock is %d seconds %s the NCP gateway\'s and NCP rejects requests more than %d seconds off: '
                'set the clock of the host running the module right (NTP)' % (abs(skew), 'behind' if skew > 0 else 'ahead of',
                                                                              ALLOWED_SKEW_SECONDS))
    if code == '210':
        return 'the access key is valid but not allowed this action: grant the sub account a policy that covers it'
    hint = 'check access_key and secret_key (or NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY) and that the key is active'
    if skew is None:
        hint += ('; the reply had no Date header to compare clocks with, so also check that the local clock is within %d '
                 'seconds of the right time' % ALLOWED_SKEW_SECONDS)
    return hint


def error_from_response(action, status, headers, body, now):
    """Build the :class:`NcloudApiError` for a reply that is an error, whatever its shape.

    NCP answers gateway failures with ``{"error": {"errorCode", "message"}}`` and service
    failures with ``{"responseError": {"returnCode", "returnMessage"}}``; proxies in between
    may answer with HTML or nothing at all. ``body`` is the raw bytes of the reply.
    """
    document = parse_json(body)
    document = document if isinstance(document, dict) else {}
    gateway, service = document.get('error'), document.get('responseError')
    if isinstance(gateway, dict):
        code, message = gateway.get('errorCode'), gateway.get('message')
    elif isinstance(service, dict):
        code, message = service.get('returnCode'), service.get('returnMessage')
    else:
        code, message = None, 'unexpected reply%s' % excerpt(body)
    code = None if code is None else readable(code, 40)
    message = readable(message or 'no message')
    hint = _auth_hint(code, _clock_skew_seconds(headers, now)) if status == 401 else None
    if status == 429:
        hint = 'NCP is throttling this key; retries were exhausted: raise api_retries or run fewer tasks at once'
    return NcloudApiError(action, message, http_status=status, code=code, hint=hint)


def success_body(action, status, headers, body, now):
    """The object inside ``<action>Response`` of a 2xx reply; :class:`NcloudApiError` for anything else."""
    if len(body) > MAX_REPLY_BYTES:
        raise NcloudApiError(action, 'the reply is larger than %d MiB, which NCP never sends' % (MAX_REPLY_BYTES // 2 ** 20),
                             http_status=status)
    document = parse_json(body)
    if document is None:
        content_type = readable(headers.get('Content-Type') or 'no content type', 80)
        raise NcloudApiError(action, 'the reply was not JSON (%s)%s' % (content_type, excerpt(body)), http_status=status)
    if isinstance(document, dict) and ('error' in document or 'responseError' in document):
        raise error_from_response(action, status, headers, body, now)
    wrapper = document.get(action + 'Response') if isinstance(document, dict) else None
    if not isinstance(wrapper, dict):
        raise NcloudApiError(action, 'the reply has no %sResponse object%s' % (action, excerpt(body)), http_status=status)
    if str(wrapper.get('returnCode', '0')) != '0':
        raise NcloudApiError(action, readable(wrapper.get('returnMessage') or 'no message'), http_status=status,
                             code=readable(wrapper.get('returnCode'), 40))
    _check_shape(action, status, wrapper)
    return wrapper


def _check_shape(action, status, wrapper):
    """Every NCP list is a list of objects and ``totalRows`` a whole number; anything else is not NCP."""
    for key, value in wrapper.items():
        if key.endswith('List') and not (isinstance(value, list) and all(isinstance(item, dict) for item in value)):
            raise NcloudApiError(action, 'the reply\'s %s is not a list of objects' % readable(key, 80), http_status=status)
    total = wrapper.get('totalRows', 0)
    if isinstance(total, bool) or not isinstance(total, (int, str)) or not re.fullmatch('[0-9]+', str(total)):
        raise NcloudApiError(action, 'the reply\'s totalRows is not a whole number: %s' % readable(total, 40), http_status=status)
