# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP client for the NCP vserver API: query building, signing, time bounds and retries.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The client knows nothing about Ansible: it never calls ``fail_json``, it raises
:class:`NcloudApiError`. Whether to retry is ``_policy``'s decision, never the client's own.
Clock, sleep and randomness are passed in so tests can fix them.

Time bounds of one :meth:`NcloudClient.call` (docs/reliability.md explains them): at most
``retries + 1`` requests; each request, reply body included, at most ``timeout`` seconds, however
slowly the body trickles in; between requests a jittered exponential backoff of at most
``BACKOFF_CAP`` seconds; and the whole call ends by its deadline (the caller's, or
:func:`call_budget` seconds), which no attempt or backoff passes. Before each attempt the shared
rate limit (``_rate_limit``) may make it wait for its slot, within the same deadline.
"""

from __future__ import annotations

import random
import re
import time
import traceback

from ._backoff import backoff, call_budget
from ._errors import ModuleError, NcloudApiError
from ._policy import NO_CONNECTION, NO_REPLY, UNSENDABLE, classify, slows_everyone
from ._query import encodable, encode_query, flatten_params
from ._body import read_body
from ._replies import error_from_response, success_body
from ._signing import SIGNATURE_HEADER, signed_headers

try:
    import requests
    from urllib3.exceptions import NewConnectionError

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # reported by the runner through missing_required_lib()
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

GATEWAYS = {
    'public': 'https://ncloud.apigw.ntruss.com',
    'gov': 'https://ncloud.apigw.gov-ntruss.com',
    'fin': 'https://fin-ncloud.apigw.fin-ntruss.com',
}
BASE_PATH = '/vserver/v2'
_HEADER_SAFE = re.compile(r'[\x21-\x7e]+')


def _outcome(exc):
    """The policy's name for how a request that raised ``exc`` ended."""
    if isinstance(exc, _UNSENDABLE):
        return UNSENDABLE
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return NO_CONNECTION
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return NO_CONNECTION if isinstance(reason, NewConnectionError) else NO_REPLY


def _describe(exc, outcome, timeout):
    """What went wrong with the connection, in words, for an exception from requests."""
    if outcome == UNSENDABLE:
        return 'the request could not be sent (%s): check api_url' % type(exc).__name__
    if outcome == NO_CONNECTION:
        return 'could not connect (%s); nothing was sent' % type(exc).__name__
    if isinstance(exc, requests.exceptions.Timeout):
        return 'no complete reply within api_timeout=%s seconds (%s)' % (timeout, type(exc).__name__)
    if isinstance(exc, requests.exceptions.SSLError):
        return 'TLS error (%s): is the gateway\'s certificate trusted? (validate_certs)' % type(exc).__name__
    return 'the connection was lost before a complete reply (%s)' % type(exc).__name__


# Raised before anything is sent, and never cured by trying again.
_UNSENDABLE = (
    (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader)
    if HAS_REQUESTS
    else ()
)


class NcloudClient:
    """Signed calls to one region of the vserver API."""

    def __init__(
        self,
        access_key,
        secret_key,
        region,
        base_url,
        validate_certs=True,
        timeout=30,
        retries=3,
        session=None,
        clock=time.time,
        sleep=time.sleep,
        jitter=random.random,
        limiter=None,
        user_agent=None,
    ):
        # A key that cannot go into an HTTP header, or be UTF-8 encoded for signing, would make
        # the HTTP library crash deep inside; say so instead, without echoing the key.
        if not _HEADER_SAFE.fullmatch(access_key or ''):
            raise ModuleError(
                'access_key must be printable ASCII without spaces (it goes into an HTTP header); '
                'check it for stray blanks or line breaks; nothing was sent to NCP'
            )
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
        # A _rate_limit.RateLimit shared with every process on the same key and gateway; None: none.
        self.limiter = limiter
        self.user_agent = user_agent
        self.request_count = 0
        self._last_signature = None

    def twin(self):
        """A client like this one, with its own HTTP session and signature, for another thread.

        A requests.Session is not documented as thread-safe, and the last signature (scrubbed from
        replies) belongs to one request; everything else (keys, bounds, clock, the shared rate
        limit) is the same.
        """
        return NcloudClient(
            self.access_key,
            self._secret_key,
            self.region,
            self.base_url,
            validate_certs=self.validate_certs,
            timeout=self.timeout,
            retries=self.retries,
            session=requests.Session(),
            clock=self.clock,
            sleep=self.sleep,
            jitter=self.jitter,
            limiter=self.limiter,
            user_agent=self.user_agent,
        )

    def call(self, action, params=None, write=False, deadline=None):
        """Call ``action`` and return the body inside ``<action>Response``.

        Retries follow ``_policy``: reads after throttling, 5xx and connection errors; writes only
        when nothing can have been applied. They stop at ``retries`` or at the deadline (the
        earlier of ``deadline`` and the call budget), whichever comes first.
        """
        pairs = [('regionCode', self.region)] + flatten_params(params or {}) + [('responseFormatType', 'json')]
        try:
            request_target = '%s/%s?%s' % (BASE_PATH, action, encode_query(pairs))
        except UnicodeError:
            bad = next(name for name, value in pairs if not encodable(value))
            raise NcloudApiError(action, 'parameter %s is not valid text (it cannot be UTF-8 encoded); nothing was sent' % bad) from None
        started = self.clock()
        ends = started + call_budget(self.timeout, self.retries)
        ends = ends if deadline is None else min(ends, max(deadline, started + 0.001))
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(action, request_target, write, ends)
            except NcloudApiError as error:
                retry = error.verdict.retry and attempt <= self.retries
                throttled = self.limiter is not None and slows_everyone(error.http_status, error.code)
                delay = backoff(attempt - 1, error.retry_after, self.clock(), self.jitter()) if retry or throttled else None
                if throttled:
                    self.limiter.throttled(delay)  # everyone sharing the key waits, not only this call
                if not retry or self.clock() + delay >= ends:
                    error.attempts, error.elapsed = attempt, self.clock() - started
                    raise
                self.sleep(delay)

    def _attempt(self, action, request_target, write, ends):
        """One request: the reply's body, or :class:`NcloudApiError` with the policy's verdict and Retry-After."""
        # The shared rate limit (and any backoff another process was told) comes before signing:
        # the signature's timestamp is the moment the request really leaves. No slot in time is
        # not retried: trying again cannot make the slot come sooner.
        if self.limiter is not None and not self.limiter.before_request(ends):
            why = 'api_rate_limit=%s and NCP\'s throttling' % self.limiter.rate if self.limiter.rate else 'NCP\'s throttling'
            raise NcloudApiError(
                action,
                'no request slot before the call\'s deadline (%s spaces the requests of every task using this key); nothing was sent' % why,
                verdict=classify(UNSENDABLE, write),
            )
        try:
            status, headers, body = self._send(request_target, ends)
        except requests.exceptions.RequestException as exc:
            outcome = _outcome(exc)
            error = NcloudApiError(action, _describe(exc, outcome, self.timeout), verdict=classify(outcome, write))
            error.retry_after = None
            raise error from None
        secrets = (self._secret_key, self.access_key, self._last_signature)
        try:
            if status < 400:
                return success_body(action, status, headers, body, self.clock(), write, secrets)
            raise error_from_response(action, status, headers, body, self.clock(), write, secrets)
        except NcloudApiError as error:
            error.retry_after = headers.get('Retry-After')
            raise

    def _send(self, request_target, ends):
        """Send one signed GET; return ``(status, headers, body bytes)`` read by the attempt's end."""
        now = self.clock()
        attempt_ends = min(now + self.timeout, ends)
        headers = signed_headers(self.access_key, self._secret_key, 'GET', request_target, now * 1000)
        headers['Accept'] = 'application/json'
        if self.user_agent:
            headers['User-Agent'] = self.user_agent
        self._last_signature = headers[SIGNATURE_HEADER]
        prepared = self.session.prepare_request(requests.Request('GET', self.base_url + request_target, headers=headers))
        # requests may re-quote a URL; put back the exact string that was signed.
        prepared.url = self.base_url + request_target
        self.request_count += 1
        response = self.session.send(prepared, timeout=max(0.001, attempt_ends - now), verify=self.validate_certs, allow_redirects=False, stream=True)
        try:
            return response.status_code, response.headers, read_body(response, attempt_ends, self.clock)
        finally:
            if response.raw is not None:
                response.close()
