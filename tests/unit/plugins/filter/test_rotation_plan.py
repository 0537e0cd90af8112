# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rotation_plan filter: its arguments; the planning itself is tested with module_utils/_rotation.py."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ncloud.vserver.plugins.filter.rotation_plan import rotation_plan


def cb2(number):
    return {
        'snapshot_no': number,
        'name': 'nightly-%s' % number,
        'snapshot_type': 'FULL',
        'block_storage_instance_no': '1',
        'volume_type': 'CB2',
        'create_date': '2026-11-27T03:00:00+0900',
    }


def test_the_filter_checks_its_arguments():
    with pytest.raises(AnsibleFilterError, match='would delete every snapshot'):
        rotation_plan([])
    with pytest.raises(AnsibleFilterError, match='would delete every snapshot'):
        rotation_plan([], keep=0)
    with pytest.raises(AnsibleFilterError, match='would delete every snapshot'):
        rotation_plan([], keep='0', max_age_days=0)
    with pytest.raises(AnsibleFilterError, match='keep must be a whole number of 0 or more, or null'):
        rotation_plan([], keep=-1)
    with pytest.raises(AnsibleFilterError, match='max_age_days must be a whole number'):
        rotation_plan([], keep=1, max_age_days='seven')
    with pytest.raises(AnsibleFilterError, match='the input must be snapshots'):
        rotation_plan([{'name': 'x'}], keep=1)
    assert rotation_plan([cb2('1'), cb2('2')], '1')['delete'] == ['1']


def test_protected_and_newest_ready_snapshots_stay_whatever_keep_says():
    snapshots = [dict(cb2(number), ready=number != '3') for number in ('1', '2', '3')]
    assert rotation_plan(snapshots, keep=1, protect=['1']) == {'delete': [], 'deleted': [], 'held': [], 'floor': ['1', '2']}
    assert rotation_plan(snapshots, keep=1, protect=[1], keep_newest_ready='no')['delete'] == ['2']


def test_tonight_replaces_the_listing_copy_and_joins_where_the_listing_lags():
    listed = [cb2('1'), cb2('2'), dict(cb2('3'), ready=False)]
    # 3 is tonight's: the wait re-read it ready; 4 is tonight's too, not listed yet; a predicted one has no number.
    tonight = [dict(cb2('3'), ready=True), dict(cb2('4'), ready=True)]
    assert rotation_plan(listed, keep=2, tonight=tonight)['delete'] == ['1', '2']
    assert rotation_plan(listed, keep=2)['delete'] == ['1']
    predicted = dict(cb2(None), name='nightly-new')
    assert rotation_plan([cb2('1'), cb2('2')], keep=2, tonight=[predicted], predicted_ready=True)['delete'] == ['1']
