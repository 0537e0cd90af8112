# -*- coding: utf-8 -*-
"""Many clients at once must see one consistent state."""

import threading

from conftest import SnapshotCalls
from signed_client import SignedClient

THREADS = 8
CREATES_PER_THREAD = 5
VOLUMES = ["3081227", "3081228", "3081230", "3081231", "3081232", "3081233"]


def test_concurrent_creates_and_lists(emulator, clock):
    emulator.configure(kvm_busy=False)  # consistency under load, not the busy-volume rule
    errors = []
    created = []
    start = threading.Barrier(THREADS)

    def worker(index):
        calls = SnapshotCalls(SignedClient(emulator.url, clock=clock))
        start.wait()
        for dummy in range(CREATES_PER_THREAD):
            reply = calls.create(VOLUMES[index % len(VOLUMES)], blockStorageSnapshotName="thread-%d" % index)
            listing = calls.list()
            if reply.status != 200 or listing.status != 200:
                errors.append((reply, listing))
                continue
            created.append(reply.rows("createBlockStorageSnapshotInstance")[0]["blockStorageSnapshotInstanceNo"])

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    total = THREADS * CREATES_PER_THREAD
    assert len(set(created)) == total
    listed = SnapshotCalls(SignedClient(emulator.url, clock=clock)).listed()
    assert sorted(row["blockStorageSnapshotInstanceNo"] for row in listed) == sorted(created)
    assert sorted(int(no) for no in created) == list(range(5000001, 5000001 + total))
    assert emulator.request_count("createBlockStorageSnapshotInstance") == total
    assert emulator.request_count("getBlockStorageSnapshotInstanceList") == total + 1
