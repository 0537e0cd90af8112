# -*- coding: utf-8 -*-
"""Issue 10, case 4: blockstorage_snapshot_info returns every snapshot that exists for the whole listing exactly once.

Snapshots appear and vanish between page reads, and the server may silently send fewer rows a
page than asked (here at most 100). The info module must page on while rows are missing, and
list again when totalRows changed under it.
"""

import pytest

import harness
from core_checks import LIST, XEN_SSD, no_crash


def churn(emulator):
    """Between two page reads: five snapshots of the first page vanish, three new ones appear."""
    with emulator.lock:
        now = emulator.clock.now()
        for snap in list(emulator.store.snapshots())[10:15]:
            snap.gone_at = now
    emulator.seed(XEN_SSD, 3, name_prefix='c04-new')


@pytest.mark.core_pending
@pytest.mark.parametrize('count, cap', [(250, 100), (2100, None)], ids=['capped-at-100', 'full-pages'])
def test_case04_info_over_pages_while_snapshots_come_and_go(fresh, run, count, cap):
    seeded = fresh.seed(XEN_SSD, count, name_prefix='c04')
    fresh.page_cap = cap
    fresh.on_call(LIST, churn, nth=2)  # just before the second page is read
    result = run(harness.connection(fresh, block_storage_instance_nos=[XEN_SSD], api_timeout=5), module='blockstorage_snapshot_info')
    no_crash(result)
    assert not result.get('failed'), result.get('msg')
    returned = [snap['snapshot_no'] for snap in result['snapshots']]
    vanished = set(seeded[10:15])
    stayed = [no for no in seeded if no not in vanished]
    missing = sorted(set(stayed) - set(returned), key=int)
    twice = sorted({no for no in returned if returned.count(no) > 1}, key=int)
    assert not missing and not twice, '%d of %d live snapshots missing (%s...), %d returned twice (%s...)' % (
        len(missing),
        len(stayed),
        missing[:5],
        len(twice),
        twice[:5],
    )
    assert fresh.request_count(LIST) >= 2, 'the churn between pages never happened'
