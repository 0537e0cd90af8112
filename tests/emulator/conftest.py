# -*- coding: utf-8 -*-
"""Fixtures for the emulator's own tests: a served emulator on a manual clock, a signed client, the command line."""

import os
import re
import subprocess
import sys

import pytest

from ncloud_emulator import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, ManualClock, start_emulator
from signed_client import SignedClient

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ncloud_emulator.py")
CREATE_DELAY = 2.0
DELETE_DELAY = 2.0
VOLUME_DELAY = 3.0


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def emulator(clock):
    emulator = start_emulator(
        clock=clock,
        create_delay=CREATE_DELAY,
        delete_delay=DELETE_DELAY,
        volume_delay=VOLUME_DELAY,
        access_key=DEFAULT_ACCESS_KEY,
        secret_key=DEFAULT_SECRET_KEY,
    )
    yield emulator
    emulator.stop()


@pytest.fixture
def api(emulator, clock):
    return SignedClient(emulator.url, clock=clock)


class SnapshotCalls:
    """Shorthands for the snapshot actions; each returns the Reply."""

    def __init__(self, api):
        self.api = api

    def create(self, volume_no, **params):
        return self.api.call("createBlockStorageSnapshotInstance", dict(originalBlockStorageInstanceNo=volume_no, **params))

    def created(self, volume_no, **params):
        """Create and return the new snapshot's JSON, failing the test if creation failed."""
        reply = self.create(volume_no, **params)
        assert reply.status == 200, reply
        return reply.rows("createBlockStorageSnapshotInstance")[0]

    def list(self, **params):
        return self.api.call("getBlockStorageSnapshotInstanceList", params)

    def listed(self, **params):
        reply = self.list(**params)
        assert reply.status == 200, reply
        return reply.rows("getBlockStorageSnapshotInstanceList")

    def detail(self, number, **params):
        return self.api.call("getBlockStorageSnapshotInstanceDetail", dict(blockStorageSnapshotInstanceNo=number, **params))

    def delete(self, *numbers, **params):
        listed = {"blockStorageSnapshotInstanceNoList.%d" % index: no for index, no in enumerate(numbers, 1)}
        return self.api.call("deleteBlockStorageSnapshotInstances", dict(listed, **params))


@pytest.fixture
def snaps(api):
    return SnapshotCalls(api)


class VolumeCalls:
    """Shorthands for the volume and server actions; each returns the Reply (ok_* the one row, asserting 200)."""

    def __init__(self, api):
        self.api = api

    def call(self, action, **params):
        return self.api.call(action, params)

    def ok(self, action, **params):
        reply = self.call(action, **params)
        assert reply.status == 200, reply
        return reply.rows(action)[0]

    def create(self, **params):
        return self.call("createBlockStorageInstance", **params)

    def attach(self, volume_no, server_no):
        return self.call("attachBlockStorageInstance", blockStorageInstanceNo=volume_no, serverInstanceNo=server_no)

    def detach(self, *numbers):
        return self.call("detachBlockStorageInstances", **_numbered("blockStorageInstanceNoList", numbers))

    def delete(self, *numbers):
        return self.call("deleteBlockStorageInstances", **_numbered("blockStorageInstanceNoList", numbers))

    def detail(self, number):
        """The volume's row, or None when it does not exist."""
        rows = self.call("getBlockStorageInstanceDetail", blockStorageInstanceNo=number).rows("getBlockStorageInstanceDetail")
        return rows[0] if rows else None

    def state(self, number):
        """(status, operation, statusName) of a volume, or None once it is gone."""
        row = self.detail(number)
        if row is None:
            return None
        return (row["blockStorageInstanceStatus"]["code"], row["blockStorageInstanceOperation"]["code"], row["blockStorageInstanceStatusName"])


def _numbered(name, values):
    return {"%s.%d" % (name, index): value for index, value in enumerate(values, 1)}


@pytest.fixture
def vols(api):
    return VolumeCalls(api)


@pytest.fixture
def run_cli():
    processes = []

    def run(*args, env=None):
        # Not a with-block: the process must outlive run(); the fixture's teardown stops it.
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, SCRIPT, "--host", "127.0.0.1", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, **(env or {})),
        )
        processes.append(process)
        line = process.stdout.readline()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        return match.group(1)

    yield run
    for process in processes:
        process.terminate()
        process.wait(timeout=5)
        process.stdout.close()
        process.stderr.close()
