# -*- coding: utf-8 -*-
"""Fixtures for the reliability suite: one emulator per module on a fast clock, module runners."""

import tempfile

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

import emulator_faults
import harness
from _options import Behaviours  # tests/emulator, on sys.path through harness

# @pytest.mark.core_pending marks the tests of issue 10's bugs: each failed on 0.1.0 (checked with
# CORE_PENDING = True there, as strict xfails) and passes since the core was rebuilt. True again
# turns them back into strict xfails, for checking them against an old core.
CORE_PENDING = False
CORE_PENDING_REASON = 'issue 10: needs the core being rebuilt in plugins/module_utils (docs/reliability.md, core-spec)'

# Hypothesis keeps caches (constants, Unicode tables) under .hypothesis/ in the working directory;
# keep them with the other test output instead, out of the checkout and the collection tarball.
set_hypothesis_home_dir(str(harness.OUTPUT_DIR / 'hypothesis'))


def pytest_configure(config):
    config.addinivalue_line('markers', 'core_pending: asserts issue 10 behaviour the core does not have yet; strict xfail while conftest.CORE_PENDING is True')
    config.addinivalue_line(
        'markers', 'regression(summary): the test guards against a bug it once found in the modules (see docs/reliability.md); a failure means the bug is back'
    )


def pytest_runtest_makereport(item, call):
    """Name the bug in the report of a failing test that guards against one."""
    marker = item.get_closest_marker('regression')
    if marker is not None and call.when == 'call' and call.excinfo is not None:
        item.add_report_section('call', 'regression', marker.args[0])


@pytest.fixture(scope='module')
def clock():
    return harness.FastTime()


@pytest.fixture(scope='module')
def emulator(clock):
    emulator = emulator_faults.start(clock=clock, create_delay=5, delete_delay=3)
    yield emulator
    emulator.stop()


@pytest.fixture
def fresh(emulator):
    """The module's emulator, emptied before and after the test, its behaviours back at their defaults."""
    emulator.reset()
    yield emulator
    emulator.wait_idle()
    emulator.reset()
    emulator.configure(**Behaviours().as_dict())


@pytest.fixture(autouse=True)
def private_rate_state(monkeypatch, tmp_path):
    """Each test its own rate-limit state (module_utils/_rate_limit keeps it under the temporary directory).

    The modules' clock runs fast here, so a hold that one test's throttled reply left (Retry-After:
    20) would still stand in the next test's first request and slow it, as it would a task on the
    same key right after; tests must not meet that way. Processes a test starts share its directory.
    """
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    monkeypatch.setenv('TMPDIR', str(tmp_path))


@pytest.fixture(scope='module')
def home(tmp_path_factory):
    return tmp_path_factory.mktemp('home')


@pytest.fixture(params=harness.PATHS)
def run(request, clock, home):
    """run(args, module='blockstorage_snapshot', check_mode=False) -> the task's result, on each execution path."""

    def run_module(args, module='blockstorage_snapshot', check_mode=False, time_source=None):
        return harness.run_module(module, args, time_source or clock, home, check_mode=check_mode, path=request.param)

    return run_module


@pytest.hookimpl(trylast=True)  # after -k / -m have deselected what will not run
def pytest_collection_modifyitems(session, config, items):
    """Mark the core_pending tests; when test_secrets.py is to run, start its minutes-long Ansible runs now, in the background."""
    if CORE_PENDING:
        for item in items:
            if item.get_closest_marker('core_pending') is not None:
                item.add_marker(pytest.mark.xfail(strict=True, reason=CORE_PENDING_REASON))
    if any(item.path.name == 'test_secrets.py' for item in items):
        import secret_runs  # pylint: disable=import-outside-toplevel

        config.ncloud_secret_runs = secret_runs.start_all()


def pytest_sessionfinish(session):
    """Stop background runs the session did not wait for (it was interrupted, or stopped at a failure)."""
    for run in getattr(session.config, 'ncloud_secret_runs', []):
        run.cancel()


@pytest.fixture(scope='session')
def secret_runs(request):
    return request.config.ncloud_secret_runs


def pytest_terminal_summary(terminalreporter):
    """Print the totals the tests left in harness.SUMMARY (the fault matrix's)."""
    for title, lines in harness.SUMMARY.items():
        terminalreporter.write_sep('-', title)
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope='module')
def realtime():
    """An emulator on real time, for tasks that run as their own processes; emptied by each test that uses it."""
    emulator = emulator_faults.start(create_delay=0.5, delete_delay=0.5)
    yield emulator
    emulator.stop()
