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
  - Reads what the create task registered, a M(ncloud.vserver.blockstorage_snapshot_batch) task over the volumes (or
    the loop results of a M(ncloud.vserver.blockstorage_snapshot) task, one item a volume) and, optionally, what the
    M(ncloud.vserver.blockstorage_snapshot_info) task registered that waited for them with
    O(ncloud.vserver.blockstorage_snapshot_info#module:wait_until=ready).
  - Says for each volume which snapshot it got tonight or why it failed, so the other volumes go on.
  - The role P(ncloud.vserver.snapshot_rotation#role) uses it.
author:
  - ncloud.vserver maintainers (@ncloud-community)
positional: waited
options:
  _input:
    description:
      - The registered result of the M(ncloud.vserver.blockstorage_snapshot_batch) create task, or the loop results
        (RV(ignore:results)) of a M(ncloud.vserver.blockstorage_snapshot) create task; each item is a volume number.
    type: raw
    required: true
  waited:
    description: The registered result of the batch wait, or nothing when it did not run.
    type: dict
  volumes:
    description:
      - The volumes the create task was given. When that task failed before reaching its volumes (a list request
        failed), each of them is failed with its message.
    type: list
    elements: str
    version_added: 0.4.0
'''

EXAMPLES = r'''
- name: Take a snapshot of each volume without waiting
  ncloud.vserver.blockstorage_snapshot_batch:
    volumes: ["3081227", "3081231"]
    name: nightly-20261203
    wait: false
  register: taken
  ignore_errors: true

- name: Wait for all of them together
  ncloud.vserver.blockstorage_snapshot_info:
    snapshot_nos: "{{ (taken | ncloud.vserver.rotation_tonight(volumes=['3081227', '3081231'])).numbers }}"
    wait_until: ready
  register: waited
  ignore_errors: true

- name: Show which volumes failed, and why
  ansible.builtin.debug:
    msg: "{{ (taken | ncloud.vserver.rotation_tonight(waited, volumes=['3081227', '3081231'])).failed }}"
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


def rotation_tonight(taken, waited=None, volumes=None):
    try:
        return tonight(taken, waited if isinstance(waited, dict) else None, volumes or [])
    except (AttributeError, KeyError, TypeError) as exc:
        raise AnsibleFilterError(
            'rotation_tonight: the input must be what blockstorage_snapshot_batch registered, or the loop results of blockstorage_snapshot (%s)' % exc
        )


class FilterModule:
    def filters(self):
        return {'rotation_tonight': rotation_tonight}
