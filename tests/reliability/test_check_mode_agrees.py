# -*- coding: utf-8 -*-
"""Issue 10, case 11: check mode and a real run decide alike.

For each starting state the task runs in check mode, then for real. Where the real run fails by
the module's own decision, check mode must fail the same way; where check mode predicts a change,
the real run must make it, or fail only on a refusal from NCP the prediction could not know
(``failure.ncp_code`` set). A delete of a snapshot still being created is sent whatever its
status. No source says NCP refuses it; the emulator can (invented code 9903002, off by default),
so both variants run: refused, it is that refusal that fails the run without wait.
"""

import pytest

from core_checks import DELETE, XEN_SSD, add_snapshot, failure, no_crash, task

BUSY_CODE = '9903002'


def being_created(emulator):
    add_snapshot(emulator, XEN_SSD, 'c11-snap', ready=False)


def being_created_and_refused(emulator):
    emulator.configure(refuse_delete_while_creating=True)
    being_created(emulator)


def chain(emulator):
    add_snapshot(emulator, XEN_SSD, 'c11-snap')
    add_snapshot(emulator, XEN_SSD, 'c11-incr', snapshot_type='INCREMENTAL')


STATES = {
    'creating-no-wait': (being_created, dict(wait=False)),
    'creating-refused-no-wait': (being_created_and_refused, dict(wait=False)),
    'chain-no-cascade': (chain, dict(wait=False)),
}


@pytest.mark.parametrize('state', sorted(STATES))
def test_case11_check_mode_and_a_real_run_decide_alike(fresh, run, state):
    prepare, extra = STATES[state]
    prepare(fresh)
    args = task(fresh, block_storage_instance_no=XEN_SSD, name='c11-snap', state='absent', **extra)
    predicted = run(args, check_mode=True)
    assert fresh.request_count(DELETE) == 0
    real = run(args)
    no_crash(predicted)
    no_crash(real)
    if real.get('failed'):
        refused = failure(real)['ncp_code'] is not None and fresh.request_count(DELETE) > 0
        if refused:
            assert predicted.get('failed') or predicted.get('changed'), predicted
        else:
            assert predicted.get('failed') and predicted['msg'] == real['msg'], (predicted.get('msg'), real['msg'])
    else:
        assert not predicted.get('failed') and predicted['changed'] == real['changed'], (predicted, real)
    if state.startswith('creating'):
        assert fresh.request_count(DELETE) >= 1, 'the delete was never sent'
    if state == 'creating-no-wait':
        assert predicted['changed'] and real['changed'] and not real.get('failed'), real
    if state == 'creating-refused-no-wait':
        assert real.get('failed') and failure(real)['ncp_code'] == BUSY_CODE, real
