# -*- coding: utf-8 -*-
"""Rough throughput of the emulator: 8 client threads doing signed list/detail calls for 5 s.

    python tests/emulator/bench_emulator.py [--threads 8] [--seconds 5]

Not a test: it prints requests per second so slowdowns are noticed.
"""

import argparse
import threading
import time

from ncloud_emulator import start_emulator
from signed_client import SignedClient


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    emulator = start_emulator(create_delay=0, delete_delay=0)
    client = SignedClient(emulator.url, access_key=emulator.access_key, secret_key=emulator.secret_key)
    created = client.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": "3081227"})
    number = created.rows("createBlockStorageSnapshotInstance")[0]["blockStorageSnapshotInstanceNo"]
    calls = [("getBlockStorageSnapshotInstanceList", {"originalBlockStorageInstanceNoList.1": "3081227"}),
             ("getBlockStorageSnapshotInstanceDetail", {"blockStorageSnapshotInstanceNo": number}),
             ("getBlockStorageInstanceList", {})]
    counts = [0] * args.threads
    failures = [0] * args.threads
    deadline = time.monotonic() + args.seconds

    def worker(index):
        while time.monotonic() < deadline:
            action, params = calls[counts[index] % len(calls)]
            if client.call(action, params).status != 200:
                failures[index] += 1
            counts[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(index,)) for index in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    emulator.stop()
    total = sum(counts)
    print("%d requests (%d failed) in %.1f s with %d threads: %.0f requests/s"
          % (total, sum(failures), elapsed, args.threads, total / elapsed))


if __name__ == "__main__":
    main()
