# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP client for the NCP vserver API: query building, signing, retries and error mapping.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The client knows nothing about Ansible: it never calls ``fail_json``, it raises
:class:`NcloudApiError`. Clock, sleep and randomness are passed in so tests can fix them.
"""

from __future__ import annotations

import random
import time
import traceback
from urllib.parse import quote

from ._errors import NcloudApiError, error_from_response
from ._signing import signed_headers

try:
    import requests
    from urllib3.exceptions import NewConnectionError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # reported by the module through missing_required_lib()
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

GATEWAYS = {
    'public': 'https://ncloud.apigw.ntruss.com',
    'gov': 'https://ncloud.apigw.gov-ntruss.com',
    'fin': 'https://fin-ncloud.apigw.fin-ntruss.com',
}
BASE_PATH = '/vserver/v2'
# RFC 3986 unreserved characters stay as they are; everything else is percent-encoded (a space
# becomes %20). The gateway verifies the signature over the query exactly as sent.
_UNRESERVED = '-_.~'
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
BACKOFF_BASE = 1.0
BACKOFF_CAP = 20.0


def flatten_params(params):
    """Turn ``{'names': ['a', 'b'], 'flag': True}`` into NCP's ``names.1=a&names.2=b&flag=true`` pairs.

    Lists become 1-based ``name.N`` entries, booleans lower-case words, None values are left out.
    Order is kept, so the signed string is predictable.
    """
    pairs = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend(('%s.%d' % (name, index), str(item)) for index, item in enumerate(value, 1))
        elif isinstance(value, bool):
            pairs.append((name, 'true' if value else 'false'))
        else:
            pairs.append((name, str(value)))
    return pairs


def encode_query(pairs):
    """Percent-encode ``(name, value)`` pairs once; this exact string is both signed and sent."""
    return '&'.join('%s=%s' % (quote(name, safe=_UNRESERVED), quote(value, safe=_UNRESERVED)) for name, value in pairs)


def _never_reached_server(exc):
    """True when the connection could not be opened, so the request cannot have been applied."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return isinstance(reason, NewConnectionError)


class NcloudClient:
    """Signed calls to one region of the vserver API."""

    def __init__(self, access_key, secret_key, region, base_url, validate_certs=True, timeout=30, retries=3,
                 session=None, clock=time.time, sleep=time.sleep, jitter=random.random):
        self.access_key = access_key
        self._secret_key = secret_key
        self.region = region
        self.base_url = base_url.rstrip('/')
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.retries = retries
        self.session = session or requests.Session()
        self.clock = clock
        self.sleep = sleep
        self.jitter = jitter
        self.request_count = 0

    def call(self, action, params=None, write=False):
        """Call ``action`` and return the body inside ``<action>Response``.

        Reads are retried on throttling, 5xx and connection errors. A write is retried only when
        the reply proves it was not applied (throttled at the gateway, or no connection was
        made); otherwise the error says ``maybe_applied`` and the caller must look before trying
        again.
        """
        pairs = [('regionCode', self.region)] + flatten_params(params or {}) + [('responseFormatType', 'json')]
        request_target = '%s/%s?%s' % (BASE_PATH, action, encode_query(pairs))
        for attempt in range(self.retries + 1):
            last_attempt = attempt == self.retries
            try:
                response = self._send(request_target)
            except requests.exceptions.RequestException as exc:
                retryable = not write or _never_reached_server(exc)
                if retryable and not last_attempt:
                    self._back_off(attempt, None)
                    continue
                raise NcloudApiError(action, 'no response from %s: %s' % (self.base_url, type(exc).__name__),
                                     maybe_applied=write and not _never_reached_server(exc)) from None
            if response.status_code < 400:
                return self._parse_success(action, response)
            error = error_from_response(action, response, self.clock())
            retryable = response.status_code in RETRY_STATUSES and (not write or response.status_code == 429)
            if retryable and not last_attempt:
                self._back_off(attempt, response.headers.get('Retry-After'))
                continue
            error.maybe_applied = write and response.status_code >= 500
            raise error
        raise AssertionError('unreachable: the loop returns or raises')  # pragma: no cover

    def list_all(self, action, params, list_key, page_size=1000):
        """Every item of a paged list call, page after page until ``totalRows`` are collected."""
        items = []
        page = 1
        while True:
            body = self.call(action, dict(params, pageNo=page, pageSize=page_size))
            batch = body.get(list_key) or []
            items.extend(batch)
            if not batch or len(items) >= int(body.get('totalRows') or 0):
                return items
            page += 1

    def _send(self, request_target):
        headers = signed_headers(self.access_key, self._secret_key, 'GET', request_target, self.clock() * 1000)
        headers['Accept'] = 'application/json'
        prepared = self.session.prepare_request(requests.Request('GET', self.base_url + request_target, headers=headers))
        # requests may re-quote a URL; put back the exact string that was signed.
        prepared.url = self.base_url + request_target
        self.request_count += 1
        return self.session.send(prepared, timeout=self.timeout, verify=self.validate_certs, allow_redirects=False)

    def _parse_success(self, action, response):
        try:
            body = response.json()
        except ValueError:
            raise NcloudApiError(action, 'the reply was not JSON (%s)' % (response.headers.get('Content-Type') or 'no content type'),
                                 http_status=response.status_code) from None
        wrapper = body.get(action + 'Response') if isinstance(body, dict) else None
        if not isinstance(wrapper, dict):
            raise NcloudApiError(action, 'the reply has no %sResponse object' % action, http_status=response.status_code)
        return wrapper

    def _back_off(self, attempt, retry_after):
        """Sleep before the next attempt: exponential, jittered, never shorter than Retry-After."""
        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt) * (0.5 + self.jitter() / 2)
        try:
            delay = max(delay, min(BACKOFF_CAP, float(retry_after)))
        except (TypeError, ValueError):
            pass
        self.sleep(delay)
