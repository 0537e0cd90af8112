# -*- coding: utf-8 -*-
"""What the reliability tests share: a fast clock, an emulator with extra faults, module runners.

- FastTime stands in for the ``time`` module of the collection's module_utils and is the
  emulator's clock too: real time plus every second slept. Backoff and polling cost no real
  time, yet the module, its waits and the emulator's snapshot lifecycle agree on the clock.
- ReliabilityEmulator is the project's emulator (tests/emulator) with what the fault matrix
  needs on top, here rather than in the emulator itself: per-action slowness (a call that is
  applied only after the client gave up), a 401 "Permission Denied" (errorCode 210), a copy of
  every signature received, and a count of calls still being processed.
- run_module() runs a task in this process (fast) either way the collection runs it: the module's
  main() (``path='module'``) or its action plugin in the controller (``path='controller'``);
  module_process() runs the module file in its own Python process (for concurrency).
"""

import atexit
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
EMULATOR_DIR = ROOT / 'tests' / 'emulator'
OUTPUT_DIR = ROOT / 'tests' / 'output' / 'reliability'

if str(EMULATOR_DIR) not in sys.path:
    sys.path.insert(0, str(EMULATOR_DIR))


def _make_collections_dir():
    """A scratch ANSIBLE_COLLECTIONS_PATH whose ansible_collections/ncloud/vserver is this checkout.

    Outside the checkout on purpose: a link inside it pointing back at it would be a loop for
    every tool that walks the tree.
    """
    top = tempfile.mkdtemp(prefix='ncloud-reliability-')
    namespace = Path(top, 'ansible_collections', 'ncloud')
    namespace.mkdir(parents=True)
    (namespace / 'vserver').symlink_to(ROOT)
    atexit.register(shutil.rmtree, top, True)
    return top


COLLECTIONS_DIR = _make_collections_dir()
sys.path.insert(0, COLLECTIONS_DIR)

# pylint: disable=wrong-import-position
from ncloud_emulator import Emulator  # noqa: E402  (needs EMULATOR_DIR on sys.path)
import _auth  # noqa: E402

ACCESS_KEY = 'RELIABILITYACCESSKEY01'
# Distinctive, so a grep for it in any output cannot hit by chance.
SECRET_KEY = 'RELIABILITY-SECRET-7f3a9c51e2d84b06a1c3'
SIGNATURE_HEADERS = ('HTTP_X_NCP_APIGW_SIGNATURE_V2', 'HTTP_X_NCP_APIGW_SIGNATURE_V1')
# Totals tests want printed at the end of the run (conftest.pytest_terminal_summary): title -> lines.
SUMMARY = {}


class FastTime:
    """The ``time`` module as the collection uses it (``time()``, ``sleep()``), and an emulator clock (``now()``).

    Reads real time plus everything slept so far (and a fixed ``skew``): sleeping returns at once
    and moves this clock forward instead. Thread-safe.
    """

    def __init__(self, skew=0.0):
        self._offset = float(skew)
        self._lock = threading.Lock()
        self.slept = 0.0
        self.sleeps = 0

    def time(self):
        with self._lock:
            return time.time() + self._offset

    now = time

    def monotonic(self):
        with self._lock:
            return time.monotonic() + self._offset

    def sleep(self, seconds):
        seconds = max(0.0, float(seconds))
        with self._lock:
            self._offset += seconds
            self.slept += seconds
            self.sleeps += 1


class SkewedTime(FastTime):
    """A clock ``skew`` seconds off another FastTime, moving with it: the module's view when its host clock is wrong."""

    def __init__(self, base, skew):
        super().__init__()
        self.base = base
        self.skew = skew

    def time(self):
        return self.base.time() + self.skew

    now = time

    def sleep(self, seconds):
        self.base.sleep(seconds)


class ReliabilityEmulator(Emulator):
    """The project's emulator plus per-action slowness, 401 errorCode 210, and signature capture.

    ``signatures`` and ``targets`` hold every signature header and raw request target received, in
    arrival order; ``arm_after`` adds a fault once another call has been handled (faults for one
    phase of a task); ``hold_together`` makes calls overlap for certain. Extra fault kinds
    (``add_extra_fault``):

    - ``slow``: wait ``seconds`` (real time) before handling the call, so a client with a
      shorter timeout gives up while the call is still to be applied: it is applied late.
    - ``slow-reply``: handle the call at once, then wait ``seconds`` before answering.
    - ``perm``: a properly signed call is refused with 401 ``{"error": {"errorCode": "210",
      "message": "Permission Denied"}}``, NCP's answer for a key without the right policy.
    """

    def __init__(self, **options):
        options.setdefault('access_key', ACCESS_KEY)
        options.setdefault('secret_key', SECRET_KEY)
        super().__init__(**options)
        self._extra_lock = threading.Lock()
        self._extra = []
        self._busy = 0
        self._idle = threading.Condition()
        self.signatures = []
        self.targets = []
        self.extra_log = []
        self._armed = []
        self._gates = {}
        self.gates_passed = []

    def add_extra_fault(self, action, kind, count=1, seconds=1.5):
        assert kind in ('slow', 'slow-reply', 'perm'), kind
        with self._extra_lock:
            self._extra.append([action, kind, count, seconds])

    def clear_extra_faults(self):
        with self._extra_lock:
            self._extra.clear()
            self._armed.clear()

    def arm_after(self, trigger, action, kind, count=1, seconds=1.5):
        """Add a fault (any kind) on ``action`` once a ``trigger`` call has been handled: faults for one phase of a task."""
        with self._extra_lock:
            self._armed.append((trigger, action, kind, count, seconds))

    def _fire(self, trigger):
        with self._extra_lock:
            due = [armed for armed in self._armed if armed[0] == trigger]
            self._armed = [armed for armed in self._armed if armed[0] != trigger]
        for dummy, action, kind, count, seconds in due:
            if kind in ('slow', 'slow-reply', 'perm'):
                self.add_extra_fault(action, kind, count, seconds)
            else:
                self.add_fault(action, kind, count)

    def hold_together(self, action, parties, timeout=30.0):
        """Hold the next ``parties`` calls of ``action`` until all of them have arrived, then let them go at once.

        Makes a race certain however the callers' start-up times differ; ``gates_passed`` records
        the action once all of them went through together.
        """
        with self._extra_lock:
            self._gates[action] = threading.Barrier(parties, timeout=timeout)

    def _pass_gate(self, action):
        with self._extra_lock:
            gate = self._gates.get(action)
        if gate is None:
            return
        try:
            if gate.wait() == 0:
                with self._extra_lock:
                    self._gates.pop(action, None)
                    self.gates_passed.append(action)
        except threading.BrokenBarrierError:
            with self._extra_lock:
                self._gates.pop(action, None)

    def wait_idle(self, timeout=10.0):
        """Wait until no call is being handled (a late ``slow`` call has been applied)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def reset(self):
        super().reset()
        self.clear_extra_faults()
        with self._extra_lock:
            self._gates.clear()
            self.gates_passed.clear()
            self.extra_log.clear()

    def _take_extra(self, action):
        with self._extra_lock:
            for fault in self._extra:
                if fault[0] in (action, '*'):
                    fault[2] -= 1
                    if fault[2] <= 0:
                        self._extra.remove(fault)
                    self.extra_log.append((action, fault[1]))
                    return fault[1], fault[3]
        return None, None

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if not path.startswith('/vserver/v2/'):
            return super().__call__(environ, start_response)
        with self._extra_lock:
            self.targets.append(environ.get('RAW_URI') or environ.get('REQUEST_URI'))
            self.signatures.extend(environ[header] for header in SIGNATURE_HEADERS if environ.get(header))
        with self._idle:
            self._busy += 1
        action = path.rsplit('/', 1)[-1]
        try:
            answer = self._handle(environ, start_response, action)
            self._fire(action)
            return answer
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def _handle(self, environ, start_response, action):
        self._pass_gate(action)
        kind, seconds = self._take_extra(action)
        if kind == 'slow':
            time.sleep(seconds)
        elif kind == 'perm' and self._signed_properly(environ):
            body = b'{"error":{"errorCode":"210","message":"Permission Denied"}}'
            start_response('401 UNAUTHORIZED', [('Content-Type', 'application/json;charset=UTF-8'), ('Content-Length', str(len(body)))])
            return [body]
        elif kind == 'slow-reply':
            answer = {}

            def hold(status, headers, exc_info=None):
                answer.update(status=status, headers=headers)

            body = b''.join(super().__call__(environ, hold))
            time.sleep(seconds)
            start_response(answer['status'], answer['headers'])
            return [body]
        return super().__call__(environ, start_response)

    def _signed_properly(self, environ):
        headers = {key[5:].replace('_', '-').lower(): value for key, value in environ.items() if key.startswith('HTTP_')}
        target = environ.get('RAW_URI') or environ.get('REQUEST_URI')
        return _auth.check_request(headers, environ['REQUEST_METHOD'], target, int(self.clock.now() * 1000), self.access_key, self.secret_key) is None


def start(**options):
    emulator = ReliabilityEmulator(**options)
    emulator.start('127.0.0.1', 0)
    return emulator


def connection(emulator, **extra):
    """Module arguments that reach ``emulator`` with its keys."""
    return dict(dict(api_url=emulator.url, access_key=emulator.access_key, secret_key=emulator.secret_key), **extra)


@contextlib.contextmanager
def clean_environment(home):
    """No NCLOUD_* variables and a HOME without ~/.ncloud/configure, for one module run."""
    names = [name for name in os.environ if name.startswith('NCLOUD_')]
    saved = {name: os.environ.pop(name) for name in names}
    saved_home = os.environ.get('HOME')
    os.environ['HOME'] = str(home)
    try:
        yield
    finally:
        os.environ.update(saved)
        if saved_home is None:
            os.environ.pop('HOME', None)
        else:
            os.environ['HOME'] = saved_home


PATHS = ('controller', 'module')


def run_module(module_name, args, clock, home, check_mode=False, path='module'):
    """Run the task of ``plugins/modules/<module_name>.py`` here with ``args``; return its JSON result.

    ``path='module'`` runs its main(); ``path='controller'`` its action plugin, over ansible-core's
    real Task, PlayContext and local connection. The module_utils ``time`` is ``clock``; an
    exception that escapes (a traceback a user would see) is returned as
    ``{"failed": True, "msg": traceback}`` with ``"crashed": True``, and so is the action plugin's
    MODULE FAILURE (its word for the same).
    """
    if path == 'controller':
        return _run_in_controller(module_name, args, clock, home, check_mode)
    # pylint: disable=import-outside-toplevel
    import importlib
    import traceback

    from ansible.module_utils.testing import patch_module_args

    module = importlib.import_module('ansible_collections.ncloud.vserver.plugins.modules.' + module_name)
    _forget_warnings()
    out = io.StringIO()
    args = dict(args, _ansible_check_mode=check_mode)
    with clean_environment(home), _module_clock(clock), _as_module_process(), patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
        except Exception:  # pylint: disable=broad-except
            return {'failed': True, 'crashed': True, 'msg': traceback.format_exc()}
    text = out.getvalue()
    try:
        return json.loads(text)
    except ValueError:
        return {'failed': True, 'crashed': True, 'msg': 'module printed no JSON: %r' % text[:2000]}


def _run_in_controller(module_name, args, clock, home, check_mode):
    # pylint: disable=import-outside-toplevel
    import traceback

    from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import action_for

    with clean_environment(home), _module_clock(clock):
        try:
            result = action_for(module_name, args, check_mode).run(task_vars={})
        except Exception:  # pylint: disable=broad-except
            return {'failed': True, 'crashed': True, 'msg': traceback.format_exc()}
    if str(result.get('msg', '')).startswith('MODULE FAILURE'):
        result.update(crashed=True, msg='%s\n%s' % (result['msg'], result.get('exception', '')))
    return result


@contextlib.contextmanager
def _as_module_process():
    """ansible-core as a module process has it, whatever this process imported for the controller path.

    Loading controller code (the action plugins do) makes module_utils report warnings to the
    controller's display instead of the result, and refuse non-UTF-8 module arguments at decoding;
    a module process has neither.
    """
    # pylint: disable=import-outside-toplevel
    from ansible.module_utils import _internal
    from ansible.module_utils._internal._json import _profiles

    with mock.patch.object(_internal, 'is_controller', False), mock.patch.object(_profiles, '_string_encoding_check_enabled', lambda: False):
        yield


def _forget_warnings():
    """Drop the warnings earlier in-process runs left in ansible-core's global list: each run reports only its own."""
    from ansible.module_utils.common import warnings  # pylint: disable=import-outside-toplevel

    for name in ('_global_warnings', '_global_deprecations'):
        store = getattr(warnings, name, None)
        if hasattr(store, 'clear'):
            store.clear()


@contextlib.contextmanager
def _module_clock(clock):
    """``clock`` as the ``time`` module of every collection module_utils file that imported ``time``.

    Whichever file builds the client (or keeps its own deadlines) gets the fast clock, so the
    suite does not depend on where the core reads the time.
    """
    # pylint: disable=import-outside-toplevel
    import importlib
    import pkgutil
    from ansible_collections.ncloud.vserver.plugins import module_utils

    with contextlib.ExitStack() as stack:
        for info in pkgutil.iter_modules(module_utils.__path__):
            try:
                loaded = importlib.import_module(module_utils.__name__ + '.' + info.name)
            except Exception:  # pylint: disable=broad-except
                # (a file the module does not use cannot break the run)
                continue
            if getattr(loaded, 'time', None) is time:
                stack.enter_context(mock.patch.object(loaded, 'time', clock))
        yield


def module_process(module_name, args, home):
    """Start ``plugins/modules/<module_name>.py`` as its own Python process; returns the Popen."""
    handle, path = tempfile.mkstemp(suffix='.json', dir=str(home))
    with os.fdopen(handle, 'w') as args_file:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, args_file)
    env = {name: value for name, value in os.environ.items() if not name.startswith('NCLOUD_')}
    env.update(HOME=str(home), PYTHONPATH=COLLECTIONS_DIR)
    script = ROOT / 'plugins' / 'modules' / (module_name + '.py')
    return subprocess.Popen([sys.executable, str(script), path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def result_of(process, timeout=120):
    out, err = process.communicate(timeout=timeout)
    try:
        return json.loads(out)
    except ValueError:
        return {'failed': True, 'crashed': True, 'msg': 'no JSON from the module: %r / %r' % (out[-2000:], err[-2000:])}


def write_output(name, text):
    """Write a results file under tests/output/reliability/ (ignored by git); return its path."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / name
    path.write_text(text, encoding='utf-8')
    return path
