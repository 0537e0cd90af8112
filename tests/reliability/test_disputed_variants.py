# -*- coding: utf-8 -*-
"""Issue 11: where NCP's sources disagree, the module runs against the emulator in each variant.

- ``kvm_incremental``: a public tool run against live NCP reports that INCREMENTAL on a KVM volume
  makes a FULL snapshot (``full``, the emulator's default); NCP's delete guide still speaks of CB1/FB1
  incrementals (``chain``). Either way the module reports the type NCP made, and warns only when it
  differs from the type asked for; AUTO takes a FULL on KVM in both.
- ``name_rule``: NCP's current API doc allows ``_`` in names (``current``); its CLI doc and an older
  copy do not (``legacy``). The module keeps the current rule and, refused, says the older may apply.
- The gateway's 429 with errorCode 400 is the account's quota: never retried, said so. Its 429 with
  errorCode 420 is a rate limit: retried.

docs/emulator.md gives the sources of each variant.
"""

import pytest

from core_checks import CREATE, LIST, XEN_SSD, add_snapshot, failure, live, no_crash, numbers, task, warnings_text

KVM_CB1 = '3081230'
KVM_CB2 = '3081231'


@pytest.mark.parametrize('mode, made', [('full', 'FULL'), ('chain', 'INCREMENTAL')])
def test_incremental_on_kvm_reports_the_type_ncp_made(fresh, run, mode, made):
    fresh.configure(kvm_incremental=mode)
    add_snapshot(fresh, KVM_CB1, 'dv-full')
    result = run(task(fresh, block_storage_instance_no=KVM_CB1, name='dv-incr', snapshot_type='INCREMENTAL'))
    no_crash(result)
    assert result['changed'] and result['snapshot']['snapshot_type'] == made
    stored = [snap['snapshotType']['code'] for snap in live(fresh, 'dv-incr', KVM_CB1)]
    assert stored == [made]
    warned = 'NCP made snapshot %s a FULL snapshot' % result['snapshot']['snapshot_no'] in warnings_text(result)
    assert warned == (made == 'FULL')


@pytest.mark.parametrize('mode', ['full', 'chain'])
def test_auto_on_kvm_takes_a_full_in_either_variant(fresh, run, mode):
    fresh.configure(kvm_incremental=mode)
    add_snapshot(fresh, KVM_CB1, 'dv-full')
    result = run(task(fresh, block_storage_instance_no=KVM_CB1, name='dv-auto', snapshot_type='AUTO'))
    no_crash(result)
    assert result['snapshot']['snapshot_type'] == 'FULL' and 'KVM volume' in result['snapshot_type_reason']
    assert 'NCP made snapshot' not in warnings_text(result)


@pytest.mark.parametrize('rule', ['current', 'legacy'])
def test_a_name_with_an_underscore_under_either_rule(fresh, run, rule):
    fresh.configure(name_rule=rule)
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='db_nightly'))
    no_crash(result)
    if rule == 'current':
        assert result['changed'] and numbers(live(fresh, 'db_nightly')) == [result['snapshot']['snapshot_no']]
    else:
        assert result['failed'] and 'older rule may apply' in result['msg']
        assert failure(result)['maybe_applied'] is False and live(fresh, 'db_nightly') == []
        assert fresh.request_count(CREATE) == 1


def test_a_quota_is_not_retried_and_is_named(fresh, run):
    fresh.add_fault(LIST, 'quota', 1)
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='dv-quota'))
    no_crash(result)
    assert result['failed'] and 'quota' in result['msg'].lower()
    assert failure(result)['http_status'] == 429 and failure(result)['maybe_applied'] is False
    assert fresh.request_count(LIST) == 1 and fresh.request_count(CREATE) == 0


def test_a_rate_limit_is_retried(fresh, run):
    fresh.add_fault(LIST, 'rate', 1)
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='dv-rate'))
    no_crash(result)
    assert result['changed'] and numbers(live(fresh, 'dv-rate')) == [result['snapshot']['snapshot_no']]


@pytest.mark.parametrize('mode', ['atomic', 'partial'])
def test_a_batch_delete_with_a_snapshot_ncp_keeps_deletes_the_others(fresh, run, mode):
    """No source says whether NCP refuses a whole delete of several numbers for one it keeps (``atomic``)
    or deletes the others and lists only them (``partial``): either way the others go, and the kept one's
    item fails naming why."""
    fresh.configure(batch_delete=mode)
    image_backed = add_snapshot(fresh, KVM_CB2, 'bd-image')
    others = [add_snapshot(fresh, KVM_CB2, 'bd-%d' % n) for n in range(2)]
    with fresh.lock:
        fresh.store.images[image_backed] = 'image-of-%s' % image_backed
    result = run(
        task(fresh, state='absent', snapshot_nos=[others[0], image_backed, others[1]], wait=True, wait_timeout=120), module='blockstorage_snapshot_batch'
    )
    no_crash(result)
    items = {item['item']: item for item in result['results']}
    assert result['failed'] and items[image_backed]['failed'] and 'server image' in items[image_backed]['msg']
    assert [items[number]['failed'] for number in others] == [False, False]
    assert numbers(live(fresh, volume=KVM_CB2)) == [image_backed] and result["pending"] == []
