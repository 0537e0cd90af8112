# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: rotation_tonight
short_description: Tonight's snapshots of a rotation, per volume, from the create loop and the batch wait
version_added: 0.3.0
description:
  - Reads the registered results of a looped M(ncloud.vserver.blockstorage_snapshot) task (one item a volume) and,
    optionally, of the M(ncloud.vserver.blockstorage_snapshot_info) task that waited for them with
    O(ncloud.vserver.blockstorage_snapshot_info#module:wait_until=ready).
  - Says for each volume which snapshot it got tonight or why it failed, so the other volumes go on.
  - The role P(ncloud.vserver.snapshot_rotation#role) uses it.
author:
  - ncloud.vserver maintainers (@ncloud-community)
positional: waited
options:
  _input:
    description: The loop results (RV(ignore:results)) of the create task; each item is a volume number.
    type: list
    elements: dict
    required: true
  waited:
    description: The registered result of the batch wait, or nothing when it did not run.
    type: dict
'''

EXAMPLES = r'''
- name: Take a snapshot of each volume without waiting
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "{{ item }}"
    name: nightly-20261203
    wait: false
  loop: ["3081227", "3081231"]
  register: taken
  ignore_errors: true

- name: Wait for all of them together
  ncloud.vserver.blockstorage_snapshot_info:
    snapshot_nos: "{{ (taken.results | ncloud.vserver.rotation_tonight).numbers }}"
    wait_until: ready
  register: waited
  ignore_errors: true

- name: Show which volumes failed, and why
  ansible.builtin.debug:
    msg: "{{ (taken.results | ncloud.vserver.rotation_tonight(waited)).failed }}"
'''

RETURN = r'''
_value:
  description: Tonight's snapshots.
  type: dict
  contains:
    volumes:
      description: One entry a volume, in the loop's order, with V(volume), V(snapshot) (re-read by the wait), V(changed)
        and V(failed) (why, or V(null)).
      type: list
      elements: dict
    numbers:
      description: Numbers of tonight's snapshots of the volumes that did not fail (a predicted one has none).
      type: list
      elements: str
    ok_volumes:
      description: Volumes that may be rotated tonight.
      type: list
      elements: str
    snapshots:
      description: Tonight's snapshots of those volumes, in the result shape.
      type: list
      elements: dict
    failed:
      description: For each failed volume, why.
      type: dict
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.ncloud.vserver.plugins.plugin_utils._rotation_night import tonight


def rotation_tonight(taken_results, waited=None):
    try:
        return tonight(taken_results, waited if isinstance(waited, dict) else None)
    except (AttributeError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('rotation_tonight: the input must be the loop results of blockstorage_snapshot (%s)' % exc)


class FilterModule:
    def filters(self):
        return {'rotation_tonight': rotation_tonight}
