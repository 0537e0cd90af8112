# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP client for the NCP vserver API: query building, signing, retries and error mapping.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The client knows nothing about Ansible: it never calls ``fail_json``, it raises
:class:`NcloudApiError`. Clock, sleep and randomness are passed in so tests can fix them.

Time bounds of one :meth:`NcloudClient.call` (docs/reliability.md explains the policy):
at most ``retries + 1`` requests; each request, reply body included, at most ``timeout``
seconds; between requests a jittered exponential backoff of at most ``BACKOFF_CAP`` seconds;
and the whole call at most :func:`call_budget` seconds, a deadline no attempt or backoff passes.
"""

from __future__ import annotations

import math
import random
import re
import time
import traceback
from email.utils import parsedate_to_datetime
from urllib.parse import quote

from ._errors import MAX_REPLY_BYTES, ModuleError, NcloudApiError, error_from_response, readable, success_body
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
# A write answered with these may still be carried out after the answer: the gateway gave up
# waiting for NCP's service, which may be working on it.
IN_FLIGHT_STATUSES = frozenset((502, 504))
BACKOFF_BASE = 1.0
BACKOFF_CAP = 20.0
MAX_PAGES = 1000
_CHUNK = 64 * 1024
_HEADER_SAFE = re.compile(r'[\x21-\x7e]+')


def call_budget(timeout, retries):
    """Most seconds one call may take: every attempt's ``timeout`` and every backoff at its cap."""
    return (retries + 1) * timeout + retries * BACKOFF_CAP


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


def _describe(exc, timeout):
    """What went wrong with the connection, in words, for an exception from requests."""
    if _never_reached_server(exc):
        return 'could not connect (%s); nothing was sent' % type(exc).__name__
    if isinstance(exc, requests.exceptions.Timeout):
        return 'no complete reply within api_timeout=%s seconds (%s)' % (timeout, type(exc).__name__)
    if isinstance(exc, requests.exceptions.SSLError):
        return 'TLS error (%s): is the gateway\'s certificate trusted? (validate_certs)' % type(exc).__name__
    return 'the connection was lost before a complete reply (%s)' % type(exc).__name__


# Raised before anything is sent, and never cured by trying again.
_UNSENDABLE = (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema,
               requests.exceptions.InvalidHeader) if HAS_REQUESTS else ()


class _ReplyTooSlow(requests.exceptions.Timeout if HAS_REQUESTS else Exception):
    """The reply body did not arrive within the attempt's time: treated like a read timeout."""


class NcloudClient:
    """Signed calls to one region of the vserver API."""

    def __init__(self, access_key, secret_key, region, base_url, validate_certs=True, timeout=30, retries=3,
                 session=None, clock=time.time, sleep=time.sleep, jitter=random.random):
        # A key that cannot go into an HTTP header, or be UTF-8 encoded for signing, would make
        # the HTTP library crash deep inside; say so instead, without echoing the key.
        if not _HEADER_SAFE.fullmatch(access_key or ''):
            raise ModuleError('access_key must be printable ASCII without spaces (it goes into an HTTP header); '
                              'check it for stray blanks or line breaks; nothing was sent to NCP')
        try:
            secret_key.encode('utf-8')
        except UnicodeError:
            raise ModuleError('secret_key is not valid text (it cannot be UTF-8 encoded); nothing was sent to NCP') from None
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

    @property
    def budget(self):
        return call_budget(self.timeout, self.retries)

    def call(self, action, params=None, write=False):
        """Call ``action`` and return the body inside ``<action>Response``.

        Reads are retried on throttling, 5xx and connection errors. A write is retried only when
        the reply proves it was not applied (throttled at the gateway, or no connection was
        made); otherwise the error says ``maybe_applied`` and the caller must look before trying
        again. Retries stop at ``retries`` or at the call's deadline, whichever comes first.
        """
        pairs = [('regionCode', self.region)] + flatten_params(params or {}) + [('responseFormatType', 'json')]
        try:
            request_target = '%s/%s?%s' % (BASE_PATH, action, encode_query(pairs))
        except UnicodeError:
            bad = next(name for name, value in pairs if not _encodable(value))
            raise NcloudApiError(action, 'parameter %s is not valid text (it cannot be UTF-8 encoded); nothing was sent'
                                 % bad) from None
        started = self.clock()
        deadline = started + self.budget
        attempt = 0
        while True:
            attempt += 1
            body, error, retryable, retry_after = self._attempt(action, request_target, write, deadline)
            if error is None:
                return body
            delay = self._backoff(attempt - 1, retry_after) if retryable and attempt <= self.retries else None
            if delay is None or self.clock() + delay >= deadline:
                error.attempts, error.elapsed = attempt, self.clock() - started
                raise error
            self.sleep(delay)

    def _attempt(self, action, request_target, write, deadline):
        """One request: ``(body, None, None, None)`` on success, else ``(None, error, retryable, Retry-After)``."""
        try:
            status, headers, body = self._send(request_target, deadline)
        except _UNSENDABLE as exc:
            return None, NcloudApiError(action, 'the request could not be sent (%s): check api_url' % type(exc).__name__), False, None
        except requests.exceptions.RequestException as exc:
            unsent = _never_reached_server(exc)
            return (None, NcloudApiError(action, _describe(exc, self.timeout), maybe_applied=write and not unsent,
                                         maybe_in_flight=write and not unsent), not write or unsent, None)
        if status < 400:
            try:
                return success_body(action, status, headers, body, self.clock()), None, None, None
            except NcloudApiError as error:
                # NCP took a write it answered 2xx; if the answer cannot be read, what it did is unknown.
                error.maybe_applied = write and error.code is None
                return None, error, False, None
        error = error_from_response(action, status, headers, body, self.clock())
        error.maybe_applied = write and status >= 500
        error.maybe_in_flight = write and status in IN_FLIGHT_STATUSES
        return None, error, status in RETRY_STATUSES and (not write or status == 429), headers.get('Retry-After')

    def list_all(self, action, params, list_key, page_size=1000):
        """Every item of a paged list call, page after page until ``totalRows`` are collected."""
        items = []
        for page in range(1, MAX_PAGES + 1):
            body = self.call(action, dict(params, pageNo=page, pageSize=page_size))
            batch = body.get(list_key) or []
            items.extend(batch)
            if len(batch) < page_size or len(items) >= int(body.get('totalRows') or 0):
                return items
        raise NcloudApiError(action, 'more than %d pages of %d items: the reply\'s totalRows (%s) cannot be right'
                             % (MAX_PAGES, page_size, readable(body.get('totalRows'), 40)))

    def _send(self, request_target, deadline):
        """Send one signed GET; return ``(status, headers, body bytes)`` read within the attempt's time."""
        now = self.clock()
        attempt_ends = min(now + self.timeout, deadline)
        headers = signed_headers(self.access_key, self._secret_key, 'GET', request_target, now * 1000)
        headers['Accept'] = 'application/json'
        prepared = self.session.prepare_request(requests.Request('GET', self.base_url + request_target, headers=headers))
        # requests may re-quote a URL; put back the exact string that was signed.
        prepared.url = self.base_url + request_target
        self.request_count += 1
        response = self.session.send(prepared, timeout=max(0.001, attempt_ends - now), verify=self.validate_certs,
                                     allow_redirects=False, stream=True)
        try:
            return response.status_code, response.headers, self._read_body(response, attempt_ends)
        finally:
            if response.raw is not None:
                response.close()

    def _read_body(self, response, attempt_ends):
        if response.raw is None:  # a reply made up in memory (tests, adapters): already read
            return response.content or b''
        chunks, size = [], 0
        for chunk in response.iter_content(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                return b''.join(chunks)[:MAX_REPLY_BYTES + 1]  # judged too big by the parser
            if self.clock() > attempt_ends:
                raise _ReplyTooSlow('reading the reply took longer than api_timeout')
        return b''.join(chunks)

    def _backoff(self, attempt, retry_after):
        """Seconds before the next attempt: exponential, jittered, never shorter than Retry-After (capped)."""
        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt) * (0.5 + self.jitter() / 2)
        wanted = _retry_after_seconds(retry_after, self.clock())
        return max(delay, min(BACKOFF_CAP, wanted)) if wanted is not None else delay


def _encodable(value):
    try:
        value.encode('utf-8')
    except UnicodeError:
        return False
    return True


def _retry_after_seconds(value, now):
    """Retry-After in seconds (a number or an HTTP date); None when absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return seconds if math.isfinite(seconds) else None
