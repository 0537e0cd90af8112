# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: rotation_report
short_description: A rotation night per volume, as data and as a readable table
version_added: 0.3.0
description:
  - Puts together what a rotation night did for each volume, from the registered results of its tasks
    (see P(ncloud.vserver.rotation_tonight#filter)), namely the snapshot taken (number, type, chain depth), the snapshots
    kept, those deleted (number, name, age in days), those held by a chain or by a server image, and why a volume failed.
  - The role P(ncloud.vserver.snapshot_rotation#role) sets it as C(snapshot_rotation_summary) and prints its table.
author:
  - ncloud.vserver maintainers (@ncloud-community)
positional: listed, plan, deleted, gone
options:
  _input:
    description: The output of P(ncloud.vserver.rotation_tonight#filter).
    type: dict
    required: true
  listed:
    description: The registered result of the M(ncloud.vserver.blockstorage_snapshot_info) task that listed the volumes' snapshots.
    type: dict
    required: true
  plan:
    description: The output of P(ncloud.vserver.rotation_plan#filter).
    type: dict
    required: true
  deleted:
    description:
      - The registered result of the M(ncloud.vserver.blockstorage_snapshot_batch) task that deleted the plan's snapshots
        (a task that failed before reaching them fails each of them), or the loop results of a
        M(ncloud.vserver.blockstorage_snapshot) task that did.
    type: raw
    default: []
  gone:
    description: The registered result of the batch wait with O(ncloud.vserver.blockstorage_snapshot_info#module:wait_until=gone).
    type: dict
'''

EXAMPLES = r'''
- name: Sum up the night
  ansible.builtin.set_fact:
    summary: "{{ night | ncloud.vserver.rotation_report(listed, plan, deleted, gone) }}"

- name: Print it as a table
  ansible.builtin.debug:
    msg: "{{ summary.table }}"
'''

RETURN = r'''
_value:
  description: The night.
  type: dict
  contains:
    volumes:
      description:
        - One entry a volume with V(volume); V(taken) (V(snapshot_no), V(name), V(snapshot_type), V(chain_depth), V(ready),
          V(changed)); V(kept) (numbers left, V(null) when the volume was not rotated); V(deleted) (V(snapshot_no), V(name),
          V(age_days)); V(held) (kept because a kept snapshot depends on them); V(image_backed) (kept by NCP for a server
          image); V(failed) (why, or V(null)).
      type: list
      elements: dict
    failed:
      description: Volumes that failed.
      type: list
      elements: str
    taken:
      description: How many snapshots were taken (not found already there).
      type: int
    deleted:
      description: How many snapshots were deleted.
      type: int
    table:
      description: The same as lines of a fixed-width table, one row a volume.
      type: list
      elements: str
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.ncloud.vserver.plugins.plugin_utils._rotation_night import report


def rotation_report(night, listed, plan, deleted=None, gone=None):
    try:
        return report(
            night,
            listed if isinstance(listed, dict) else {},
            plan if isinstance(plan, dict) else {},
            deleted if isinstance(deleted, (dict, list)) else [],
            gone if isinstance(gone, dict) else None,
        )
    except (AttributeError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('rotation_report: the inputs must be what the rotation tasks registered (%s)' % exc)


class FilterModule:
    def filters(self):
        return {'rotation_report': rotation_report}
