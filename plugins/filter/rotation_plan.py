# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: rotation_plan
short_description: Which block-storage snapshots to delete to keep the newest ones per volume
version_added: 0.1.0
description:
  - Takes snapshots in the result shape of M(ncloud.vserver.blockstorage_snapshot_info) and says which to delete
    so that every volume keeps its newest O(keep) snapshots, or those younger than O(max_age_days) days.
  - Only snapshots whose name starts with O(name_prefix) are ever deleted.
  - On XEN (SSD, HDD) and KVM CB1/FB1 volumes, where NCP deletes an incremental chain newest first, a chain is
    deleted only as a whole, once all its snapshots are expired; expired snapshots that a kept one depends on are held.
  - A floor holds whatever O(keep) and O(max_age_days) say, because a backup tool must never delete the backup it
    just took nor leave a volume without one to restore from. The snapshots in O(protect) (the role passes tonight's)
    and each volume's newest ready snapshot are never deleted; only O(keep_newest_ready=false) lowers the second.
  - Settings that would keep nothing (neither O(keep) nor O(max_age_days) above 0) fail.
  - A snapshot without a number (one that check mode predicts) counts as the newest of its volume, and as ready when
    O(predicted_ready) is set, so a check-mode run plans exactly what the real run does.
  - The role P(ncloud.vserver.snapshot_rotation#role) uses it.
author:
  - ncloud.vserver maintainers (@ncloud-community)
positional: keep, max_age_days, name_prefix
options:
  _input:
    description: Snapshots, as in RV(ncloud.vserver.blockstorage_snapshot_info#module:snapshots).
    type: list
    elements: dict
    required: true
  keep:
    description: How many of each volume's newest managed snapshots to keep.
    type: int
  max_age_days:
    description: Keep managed snapshots younger than this many days. With O(keep) too, a snapshot either keeps is kept.
    type: int
  name_prefix:
    description: Only snapshots whose name starts with this are managed, and ever deleted.
    type: str
    default: ''
  protect:
    description: Snapshot numbers never to delete, such as the ones just taken.
    type: list
    elements: str
    default: []
  keep_newest_ready:
    description:
      - Never delete a volume's newest ready snapshot (status V(CREAT), not being deleted).
      - Set to V(false) only when a snapshot is kept elsewhere; O(protect) holds all the same.
    type: bool
    default: true
  predicted_ready:
    description: Count a predicted snapshot (no number yet) as ready, as it will be once the real run has waited for it.
    type: bool
    default: false
  tonight:
    description:
      - Tonight's snapshots, as the create and its wait last read them. Each replaces the input's copy of it, and joins
        the input where the listing does not show it yet (NCP's lists may lag behind a create). A predicted one (no
        number) always joins.
      - Merged here rather than in a template because a template's C(rejectattr('snapshot_no', 'in', numbers)) takes
        time in the square of the volumes (45 s at 1,000 volumes).
    type: list
    elements: dict
    default: []
    version_added: 0.4.0
'''

EXAMPLES = r'''
- name: Plan which nightly snapshots to delete, keeping 7 per volume
  ansible.builtin.set_fact:
    plan: "{{ listed.snapshots | ncloud.vserver.rotation_plan(keep=7, name_prefix='nightly-') }}"

- name: Delete them; cascade takes a whole chain newest first
  ncloud.vserver.blockstorage_snapshot:
    snapshot_no: "{{ item }}"
    state: absent
    cascade: true
  loop: "{{ plan.delete }}"
'''

RETURN = r'''
_value:
  description: The plan.
  type: dict
  contains:
    delete:
      description: Snapshot numbers to delete with O(ncloud.vserver.blockstorage_snapshot#module:cascade=true), in order.
      type: list
      elements: str
    deleted:
      description: Every snapshot number those deletes remove, each chain newest first.
      type: list
      elements: str
    held:
      description: Expired snapshot numbers kept because a snapshot that stays depends on them.
      type: list
      elements: str
    floor:
      description: Expired snapshot numbers kept by the floor (in O(protect), or a volume's newest ready snapshot).
      type: list
      elements: str
'''

from ansible.errors import AnsibleFilterError

from ansible.module_utils.common.validation import check_type_bool, check_type_int

from ansible_collections.ncloud.vserver.plugins.module_utils._rotation import check_settings, plan


def _count(name, value):
    """An int of 0 or more, or None; anything else fails naming the option."""
    if value is None:
        return None
    try:
        number = check_type_int(value)
    except TypeError:
        number = -1
    if number < 0:
        raise AnsibleFilterError('rotation_plan: %s must be a whole number of 0 or more, or null; got %r' % (name, value))
    return number


def _with_tonight(snapshots, tonight):
    numbers = {snapshot.get('snapshot_no') for snapshot in tonight} - {None}
    return [snapshot for snapshot in snapshots if snapshot.get('snapshot_no') not in numbers] + list(tonight)


def rotation_plan(snapshots, keep=None, max_age_days=None, name_prefix='', protect=None, keep_newest_ready=True, predicted_ready=False, tonight=None):
    keep, max_age_days = _count('keep', keep), _count('max_age_days', max_age_days)
    try:
        check_settings(keep, max_age_days)
    except ValueError as exc:
        raise AnsibleFilterError('rotation_plan: %s' % exc)
    try:
        return plan(
            _with_tonight(snapshots, tonight or []),
            keep=keep,
            max_age_days=max_age_days,
            name_prefix=name_prefix or '',
            protect=[str(number) for number in protect or []],
            keep_newest_ready=check_type_bool(keep_newest_ready),
            predicted_ready=check_type_bool(predicted_ready),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise AnsibleFilterError('rotation_plan: the input must be snapshots as blockstorage_snapshot_info returns them (%s)' % exc)


class FilterModule:
    def filters(self):
        return {'rotation_plan': rotation_plan}
