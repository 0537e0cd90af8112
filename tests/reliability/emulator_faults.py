# -*- coding: utf-8 -*-
"""Faults only the reliability suite needs, on top of harness.ReliabilityEmulator (issue 10).

The project's emulator (tests/emulator) answers like a healthy NCP; harness.ReliabilityEmulator
adds slowness, late answers and a permission refusal. FaultyEmulator adds the hostile behaviours
of issue 10, kept here so the emulator itself stays a faithful NCP:

- ``set_lag(seconds)``: eventual consistency. List and detail replies leave out a snapshot for
  ``seconds`` (on the emulator's clock) after its create, though the create was applied.
- reply faults (``add_reply_fault(action, kind, count, seconds)``, also through ``add_fault`` and
  ``arm_after``):
  - ``applied-500`` / ``applied-503``: the call is applied, then answered 500 (returnCode 1000,
    "Please try your call again later") or 503 (gateway "Endpoint Error").
  - ``empty-applied``: applied, answered 200 with an empty list and totalRows 0.
  - ``empty``: not applied, answered 200 with an empty list and totalRows 0.
  - ``trickle``: applied, and the reply body sent in small pieces over ``seconds`` real seconds.
  - ``echo-401`` / ``echo-401-html``: refused with 401 by a gateway page that echoes the
    rejected signature and access key (JSON with a ``details`` field, or an HTML page).
- ``page_cap``: at most that many rows a list page, whatever pageSize asked, totalRows unchanged
  (a server that silently caps pages).
- error states: ``error_next_create(after)`` makes the next created snapshot show an error state
  ``after`` seconds after its create; ``make_errored(no)`` does it for an existing one. The state
  is INVENTED (NCP publishes none): status ``ERROR``, operation ``NULL``, status name ``errored``.
- ``on_call(action, fn, nth=1)``: run ``fn(emulator)`` just before the ``nth`` next call of
  ``action`` is handled (snapshots appearing or vanishing between page reads, a competing create).
"""

import json
import threading
import time
import uuid

from werkzeug.wrappers import Request

import harness  # first: it puts tests/emulator on sys.path
import _actions  # noqa: E402  pylint: disable=wrong-import-order
import _render  # noqa: E402  pylint: disable=wrong-import-order
from _params import Params  # noqa: E402  pylint: disable=wrong-import-order

LIST = 'getBlockStorageSnapshotInstanceList'
DETAIL = 'getBlockStorageSnapshotInstanceDetail'
SNAPSHOT_LIST_KEY = 'blockStorageSnapshotInstanceList'
VOLUME_LIST_KEY = 'blockStorageInstanceList'
REPLY_KINDS = ('applied-500', 'applied-503', 'empty-applied', 'empty', 'trickle', 'echo-401', 'echo-401-html')
# INVENTED error state (NCP documents none): what a snapshot in trouble is shown as.
ERROR_STATUS = {'code': 'ERROR', 'codeName': 'Block Storage ERROR State'}
ERROR_OPERATION = {'code': 'NULL', 'codeName': 'Block Storage NULL OP'}
ERROR_STATUS_NAME = 'errored'
TRICKLE_PIECES = 25


class FaultyEmulator(harness.ReliabilityEmulator):
    """harness.ReliabilityEmulator plus lag, lying replies, trickling bodies, page caps and error states."""

    def __init__(self, **options):
        super().__init__(**options)
        self._faulty_lock = threading.Lock()
        self.lag = 0.0
        self.lag_actions = (LIST, DETAIL)
        self.page_cap = None
        self._replies = []  # [action, kind, count, seconds]
        self._errored = {}  # snapshot number -> clock time from which it shows the error state
        self._error_next = None
        self._hooks = []  # [action, calls still to let by, fn]

    # ---- knobs -------------------------------------------------------------------------------

    def set_lag(self, seconds, actions=(LIST, DETAIL)):
        self.lag, self.lag_actions = float(seconds), tuple(actions)

    def add_reply_fault(self, action, kind, count=1, seconds=4.0):
        assert kind in REPLY_KINDS, kind
        with self._faulty_lock:
            self._replies.append([action, kind, count, seconds])

    def add_fault(self, spec, kind=None, count=1):
        if kind in REPLY_KINDS:
            return self.add_reply_fault(spec, kind, count)
        return super().add_fault(spec, kind, count)

    def add_extra_fault(self, action, kind, count=1, seconds=1.5):
        if kind in REPLY_KINDS:
            return self.add_reply_fault(action, kind, count, seconds)
        return super().add_extra_fault(action, kind, count, seconds)

    def _fire(self, trigger):
        # The base class sends kinds it does not know to the emulator's own queue; ours go to add_extra_fault.
        with self._extra_lock:
            mine = [armed for armed in self._armed if armed[0] == trigger and armed[2] in REPLY_KINDS]
            self._armed = [armed for armed in self._armed if armed not in mine]
        for dummy, action, kind, count, seconds in mine:
            self.add_reply_fault(action, kind, count, seconds)
        super()._fire(trigger)

    def error_next_create(self, after=0.0):
        self._error_next = float(after)

    def make_errored(self, number, at=None):
        with self._faulty_lock:
            self._errored[number] = self.clock.now() if at is None else at

    def on_call(self, action, fn, nth=1):
        with self._faulty_lock:
            self._hooks.append([action, nth, fn])

    def reset(self):
        super().reset()
        with self._faulty_lock:
            self.lag, self.page_cap, self._error_next = 0.0, None, None
            self._replies.clear()
            self._errored.clear()
            self._hooks.clear()

    # ---- handling ----------------------------------------------------------------------------

    def _take_reply(self, action):
        with self._faulty_lock:
            for fault in self._replies:
                if fault[0] in (action, '*'):
                    fault[2] -= 1
                    if fault[2] <= 0:
                        self._replies.remove(fault)
                    return fault[1], fault[3]
        return None, None

    def _run_hooks(self, action):
        due = []
        with self._faulty_lock:
            for hook in list(self._hooks):
                if hook[0] == action:
                    hook[1] -= 1
                    if hook[1] <= 0:
                        self._hooks.remove(hook)
                        due.append(hook[2])
        for fn in due:
            fn(self)

    def _handle(self, environ, start_response, action):
        self._run_hooks(action)
        kind, seconds = self._take_reply(action)
        if kind in ('empty', 'echo-401', 'echo-401-html'):
            return self._unapplied(environ, start_response, action, kind)
        answer = {}

        def hold(status, headers, exc_info=None):
            answer.update(status=status, headers=list(headers))

        before = {snap.no for snap in self._visible()}
        body = b''.join(super()._handle(environ, hold, action))
        if answer['status'].startswith('200') and action == 'createBlockStorageSnapshotInstance' and self._error_next is not None:
            with self._faulty_lock:
                for snap in self._visible():
                    if snap.no not in before:
                        self._errored[snap.no] = snap.created_at + self._error_next
                self._error_next = None
        if answer['status'].startswith('200'):
            body = self._rewrite(environ, action, body, kind)
        status, headers = answer['status'], answer['headers']
        if kind in ('applied-500', 'applied-503') and status.startswith('200'):
            status, body = self._lying_error(kind)
            headers = [('Content-Type', _render.JSON_TYPE)]
        headers = [(name, value) for name, value in headers if name.lower() != 'content-length']
        headers.append(('Content-Length', str(len(body))))
        start_response(status, headers)
        if kind == 'trickle':
            return _trickle(body, seconds)
        return [body]

    def _visible(self):
        with self.lock:
            return list(self.store.snapshots())

    def _unapplied(self, environ, start_response, action, kind):
        """An answer made up without running the call: an empty 200 list, or a 401 page echoing the request."""
        with self.lock:
            self._record(environ['REQUEST_METHOD'], action, 200 if kind == 'empty' else 401, None, user_agent=environ.get('HTTP_USER_AGENT'))
        if kind == 'empty':
            key = VOLUME_LIST_KEY if 'BlockStorageInstance' in action else SNAPSHOT_LIST_KEY
            body, content_type = _render.success(action, 'json', key, [], 0, str(uuid.uuid4()))
            status = '200 OK'
        else:
            signature = next((environ[name] for name in harness.SIGNATURE_HEADERS if environ.get(name)), '')
            access_key = environ.get('HTTP_X_NCP_IAM_ACCESS_KEY', '')
            if kind == 'echo-401':
                details = 'Signature %s of access key %s was rejected for %s' % (signature, access_key, environ.get('RAW_URI'))
                body = json.dumps({'error': {'errorCode': '200', 'message': 'Authentication Failed', 'details': details}}).encode()
                content_type = _render.JSON_TYPE
            else:
                body = (
                    '<html><body><h1>401 Unauthorized</h1><p>x-ncp-apigw-signature-v2: %s</p><p>x-ncp-iam-access-key: %s'
                    '</p><p>The signature was rejected.</p></body></html>' % (signature, access_key)
                ).encode()
                content_type = 'text/html'
            status = '401 UNAUTHORIZED'
        start_response(status, [('Content-Type', content_type), ('Content-Length', str(len(body)))])
        return [body]

    def _rewrite(self, environ, action, body, kind):
        """A 200 reply as the faults shape it: capped pages, lag, error states, an empty list."""
        document = json.loads(body)
        wrapper = document.get(action + 'Response', {})
        key = SNAPSHOT_LIST_KEY if SNAPSHOT_LIST_KEY in wrapper else VOLUME_LIST_KEY
        if action == LIST and self.page_cap:
            wrapper[key], wrapper['totalRows'] = self._capped_page(environ)
        if kind == 'empty-applied':
            wrapper[key], wrapper['totalRows'] = [], 0
        if key == SNAPSHOT_LIST_KEY:
            now = self.clock.now()
            created = {snap.no: snap.created_at for snap in self._visible()}
            if action in self.lag_actions and self.lag:
                hidden = [row for row in wrapper[key] if created.get(row['blockStorageSnapshotInstanceNo'], 0) > now - self.lag]
                wrapper[key] = [row for row in wrapper[key] if row not in hidden]
                wrapper['totalRows'] = max(0, int(wrapper.get('totalRows', 0)) - len(hidden))
            with self._faulty_lock:
                errored = dict(self._errored)
            for row in wrapper[key]:
                if errored.get(row['blockStorageSnapshotInstanceNo'], now + 1) <= now:
                    row.update(
                        blockStorageSnapshotInstanceStatus=dict(ERROR_STATUS),
                        blockStorageSnapshotInstanceOperation=dict(ERROR_OPERATION),
                        blockStorageSnapshotInstanceStatusName=ERROR_STATUS_NAME,
                    )
        return json.dumps(document, indent=2, ensure_ascii=False).encode('utf-8')

    def _capped_page(self, environ):
        """The page the request asked for, as a server that never sends more than page_cap rows would cut it."""
        pairs = list(Request(environ).args.items(multi=True))
        asked = dict(pairs)
        size = min(int(asked.get('pageSize') or self.page_cap), self.page_cap)
        pairs = [(name, str(size) if name == 'pageSize' else value) for name, value in pairs]
        with self.lock:
            dummy, rows, total = _actions.ACTIONS[LIST](self.store, Params(pairs, []))
        return rows, total

    @staticmethod
    def _lying_error(kind):
        if kind == 'applied-500':
            document = {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}
            return '500 INTERNAL SERVER ERROR', json.dumps(document, indent=2).encode()
        return '503 SERVICE UNAVAILABLE', json.dumps({'error': {'errorCode': '500', 'message': 'Endpoint Error'}}).encode()


def _trickle(body, seconds):
    """The body in small pieces, spread over ``seconds`` real seconds; stops when the client has gone."""
    size = max(1, -(-len(body) // TRICKLE_PIECES))
    pause = float(seconds) / TRICKLE_PIECES
    for start in range(0, len(body), size):
        time.sleep(pause)
        yield body[start : start + size]


def start(**options):
    emulator = FaultyEmulator(**options)
    emulator.start('127.0.0.1', 0)
    return emulator
