# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's exceptions, and the one function that reads NCP error replies.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Messages carry the action, HTTP status, NCP code and NCP's text; never keys or signatures.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

# NCP rejects a signature whose timestamp is more than five minutes off the gateway's clock.
ALLOWED_SKEW_SECONDS = 300
_BODY_EXCERPT = 200


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
    """

    def __init__(self, action, message, http_status=None, code=None, hint=None, maybe_applied=False):
        super().__init__(message)
        self.action = action
        self.message = message
        self.http_status = http_status
        self.code = code
        self.hint = hint
        self.maybe_applied = maybe_applied

    def __str__(self):
        where = ['HTTP %s' % self.http_status] if self.http_status else []
        if self.code:
            where.append('NCP code %s' % self.code)
        text = '%s failed%s: %s' % (self.action, ' (%s)' % ', '.join(where) if where else '', self.message)
        return '%s. %s%s' % (text, self.hint[0].upper(), self.hint[1:]) if self.hint else text


def _json_or_none(response):
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _clock_skew_seconds(response, now):
    """Gateway clock minus ours, from the reply's Date header; None when there is no usable header."""
    try:
        return parsedate_to_datetime(response.headers['Date']).timestamp() - now
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _auth_hint(code, skew):
    if skew is not None and abs(skew) > ALLOWED_SKEW_SECONDS:
        return ('the local clock is %d seconds %s the NCP gateway\'s and NCP rejects requests more than %d seconds off: '
                'set the clock of the host running the module right (NTP)' % (abs(skew), 'behind' if skew > 0 else 'ahead of',
                                                                              ALLOWED_SKEW_SECONDS))
    if code == '210':
        return 'the access key is valid but not allowed this action: grant the sub account a policy that covers it'
    return 'check access_key and secret_key (or NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY) and that the key is active'


def error_from_response(action, response, now):
    """Build the :class:`NcloudApiError` for a non-2xx reply of any shape.

    NCP answers gateway failures with ``{"error": {"errorCode", "message"}}`` and service
    failures with ``{"responseError": {"returnCode", "returnMessage"}}``; proxies in between
    may answer with HTML or nothing at all.
    """
    status = response.status_code
    body = _json_or_none(response) or {}
    gateway, service = body.get('error'), body.get('responseError')
    if isinstance(gateway, dict):
        code, message = gateway.get('errorCode'), gateway.get('message')
    elif isinstance(service, dict):
        code, message = service.get('returnCode'), service.get('returnMessage')
    else:
        code = None
        excerpt = ' '.join((response.text or '')[:_BODY_EXCERPT].split())
        message = 'unexpected reply%s' % (': %s' % excerpt if excerpt else ' with an empty body')
    code = None if code is None else str(code)
    message = str(message or 'no message').strip()
    hint = _auth_hint(code, _clock_skew_seconds(response, now)) if status == 401 else None
    if status == 429:
        hint = 'NCP is throttling this key; retries were exhausted: raise api_retries or run fewer tasks at once'
    return NcloudApiError(action, message, http_status=status, code=code, hint=hint)
