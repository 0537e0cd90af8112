#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: blockstorage
short_description: Create, restore, attach, detach, resize and delete NAVER Cloud Platform block-storage volumes
version_added: 0.2.0
description:
  - Manages an NCP block-storage volume through the signed vserver API. With O(snapshot_no) it restores a snapshot to
    a new volume; with O(server_instance_no) it attaches the volume to a server, and with an empty one detaches it.
  - Returns the volume's facts in the result shape shared with M(ncloud.vserver.blockstorage_info).
  - "Which volume a task means: with O(block_storage_instance_no), that volume; with O(state=present) and no such
    volume the task fails, it never creates one to match a number."
  - "Else O(name) (required then): the volume of exactly that name, looked up within O(zone) when given. If two or
    more volumes match, the task fails and names them. If none matches, O(state=present) creates it."
  - "O(server_instance_no) is where the volume should be, not where it is looked up: a volume attached elsewhere is
    detached and attached to that server."
  - Every rule below is checked before the first write; the message names the option and the rule.
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
  - ncloud.vserver.attributes.actiongroup_all
attributes:
  check_mode:
    support: full
    description: Makes the same reads and checks as a real run and sends no write; RV(volume) is the volume predicted.
  diff_mode:
    support: full
    description: Returns the volume before and after, in the result shape of RV(volume).
options:
  state:
    description:
      - V(present) makes sure the volume exists as the task describes, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
  block_storage_instance_no:
    description:
      - Number of an existing volume. The task then means exactly that volume.
    type: str
    aliases: [block_storage_no]
  name:
    description:
      - Volume name, the identity of the volume when O(block_storage_instance_no) is not given. Required to create a
        volume, so that a create whose reply is lost can be found again by name.
      - 3 to 30 lower-case letters, digits and V(-), starting with a lower-case letter and ending with a lower-case
        letter or digit (NCP's rule for volume names).
    type: str
    aliases: [block_storage_name]
  snapshot_no:
    description:
      - Create the volume from this snapshot (the restore). The snapshot must exist and be ready (status V(CREAT), not
        being deleted); it is read before anything is created, and its hypervisor decides the rules.
      - Only used when a volume is created; a found volume made from another snapshot earns a warning.
    type: str
    aliases: [block_storage_snapshot_instance_no]
  server_instance_no:
    description:
      - Server the volume should be attached to. Required to create a XEN volume, which NCP creates attached. A KVM
        volume NCP creates detached in O(zone); the module then attaches it once it is created.
      - A volume attached to another server is detached first. V('') (empty) detaches the volume. Unset leaves the
        attachment as it is.
      - The server must exist, be on the volume's hypervisor and in its zone.
    type: str
  zone:
    description:
      - Zone of a new KVM volume, such as V(KR-1); when unset, the zone of O(server_instance_no) is taken. Must be the
        server's zone when both are given.
      - Also narrows the lookup by O(name) to that zone.
    type: str
    aliases: [zone_code]
  size:
    description:
      - Size in GB, a multiple of 10; 10 to 2000 on XEN, 10 to 16380 on KVM. Required for a volume not made from a
        snapshot.
      - From a KVM snapshot it must be at least the snapshot's size, which it defaults to. From a XEN snapshot NCP takes
        the snapshot's size, so O(size) may be left out or must equal it (a different size would be ignored by NCP, so
        the module refuses it).
      - A larger size than the volume's grows it in place; a smaller one is an error (NCP only grows volumes). An
        attached volume grows only while its server is stopped (NCP's rule), which the module checks first.
    type: int
  volume_type:
    description:
      - KVM volume type of a new volume. Required for a KVM volume not made from a snapshot; from a snapshot, the
        snapshot's type is sent when unset.
    type: str
    choices: [CB1, CB2, FB1, FB2]
    aliases: [block_storage_volume_type_code]
  disk_detail_type:
    description:
      - XEN disk type of a new volume; NCP takes V(SSD) when unset.
    type: str
    choices: [SSD, HDD]
    aliases: [block_storage_disk_detail_type_code]
  description:
    description:
      - Description of a new volume, at most 1000 bytes in UTF-8. NCP has no call to change it later.
    type: str
    aliases: [block_storage_description]
  return_protection:
    description:
      - Whether NCP refuses to delete the volume. A found volume that differs is changed (setBlockStorageReturnProtection).
      - With O(state=absent), a protected volume is deleted only with O(return_protection=false), which lifts the
        protection first; otherwise the task fails saying so.
    type: bool
  wait:
    description:
      - Wait until the volume is usable (created, attached where asked), detached, resized or gone, and return it
        re-read. Also send a write again while NCP refuses it as busy (that refusal means nothing was applied).
      - Without O(wait) the task returns after the last write, except that a new KVM volume is still waited for until
        created, since NCP attaches only a created volume.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait), for the whole task. On timeout the task fails with the volume's last state.
    type: int
    default: 3600
notes:
  - A converged run makes one API request (the detail read by number, or one list by name).
  - A restore of a KVM snapshot attached to a server reads the volume list, the snapshot and the server, creates the
    volume, waits for it, attaches it and waits again; each wait polls soon and then less often.
  - "A create is never sent twice. If its outcome is unknown (a server error, a timeout, a dropped connection), the
    module looks for the volume by name in its zone for 30 seconds, and otherwise fails saying the create may have been
    applied (RV(failure.maybe_applied)); running the task again finds it by name or creates it. An attach, detach,
    resize or delete whose outcome is unknown is read back once, and never resent blindly."
  - An attached volume is deleted as it is; NCP detaches it before deleting it. A server's root volume (storage type
    V(BASIC)) is neither detached nor deleted by this module.
  - O(snapshot_no), O(volume_type), O(disk_detail_type), O(zone) and O(description) only shape a new volume; NCP has
    no call to change them, so a found volume that differs earns a warning.
seealso:
  - module: ncloud.vserver.blockstorage_info
  - module: ncloud.vserver.blockstorage_snapshot
'''

EXAMPLES = r'''
- name: Restore a KVM snapshot to a new volume and attach it to a rescue server
  ncloud.vserver.blockstorage:
    name: db-restore-1
    snapshot_no: "3288597"
    server_instance_no: "2912303"
  register: restored

- name: Restore a XEN snapshot (NCP creates it attached, with the snapshot's size)
  ncloud.vserver.blockstorage:
    name: web-restore-1
    snapshot_no: "3288601"
    server_instance_no: "2912304"

- name: Create an empty 100 GB KVM volume in KR-1, detached
  ncloud.vserver.blockstorage:
    name: scratch-1
    zone: KR-1
    volume_type: CB1
    size: 100
    description: Scratch space for the nightly export

- name: Create a 50 GB XEN HDD volume attached to a server, without waiting for it
  ncloud.vserver.blockstorage:
    name: archive-1
    server_instance_no: "2912301"
    disk_detail_type: HDD
    size: 50
    wait: false

- name: Restore in the Singapore region, waiting up to 2 hours
  ncloud.vserver.blockstorage:
    name: sgn-restore-1
    snapshot_no: "3290011"
    server_instance_no: "2913401"
    region: SGN
    wait_timeout: 7200

- name: Grow it to 200 GB and protect it from deletion
  ncloud.vserver.blockstorage:
    name: scratch-1
    size: 200
    return_protection: true

- name: Detach a volume
  ncloud.vserver.blockstorage:
    block_storage_instance_no: "{{ restored.volume.block_storage_instance_no }}"
    server_instance_no: ""

- name: Delete a protected volume, lifting its protection first
  ncloud.vserver.blockstorage:
    name: scratch-1
    state: absent
    return_protection: false
'''

RETURN = r'''
volume:
  description:
    - The volume. For O(state=absent), the volume as it was before the delete; empty when there was none.
    - In check mode, a volume that would be created has only the values known before NCP answers; the others are V(null).
  returned: always
  type: dict
  contains:
    block_storage_instance_no:
      description: Volume instance number.
      type: str
      sample: "3081240"
    name:
      description: Volume name.
      type: str
      sample: db-restore-1
    description:
      description: Volume description, empty when unset.
      type: str
      sample: ""
    volume_size:
      description: Size in bytes.
      type: int
      sample: 53687091200
    status:
      description: V(INIT) while being created, V(CREAT) when created and detached, V(ATTAC) when attached.
      type: str
      sample: ATTAC
    status_name:
      description: NCP's word for status and operation together, such as V(creating), V(attached) or V(detached).
      type: str
      sample: attached
    operation:
      description: Operation in progress, such as V(NULL) (none), V(ATTAC), V(DETAC), V(CHNG) or V(TERMT).
      type: str
      sample: "NULL"
    server_instance_no:
      description: Server the volume is attached to; V(null) when detached.
      type: str
      sample: "2912303"
    device_name:
      description: Device name on the server, such as V(/dev/vdb) or V(/dev/xvdb); V(null) when detached.
      type: str
      sample: /dev/vdb
    zone:
      description: Zone code.
      type: str
      sample: KR-1
    region:
      description: Region code.
      type: str
      sample: KR
    storage_type:
      description: V(BASIC) for a server's root volume, V(SVRBS) for an additional volume.
      type: str
      sample: SVRBS
    disk_detail_type:
      description: V(SSD) or V(HDD) as NCP reports it.
      type: str
      sample: SSD
    volume_type:
      description: Volume type, such as V(SSD), V(HDD), V(CB1) or V(CB2).
      type: str
      sample: CB1
    hypervisor_type:
      description: V(XEN) or V(KVM).
      type: str
      sample: KVM
    snapshot_no:
      description: The snapshot the volume was made from; V(null) for a volume not made from a snapshot.
      type: str
      sample: "3288597"
    encrypted:
      description: Whether the volume is encrypted.
      type: bool
      sample: false
    return_protection:
      description: Whether NCP refuses to delete the volume.
      type: bool
      sample: false
    create_date:
      description: Creation time as NCP reports it.
      type: str
      sample: "2026-11-27T10:15:00+0900"
failure:
  description:
    - When the task fails, which request failed and what it may have done; all V(null) or V(false) for a failure
      found before any request was sent (bad input, missing keys).
  returned: on failure
  type: dict
  contains:
    action:
      description: The NCP API action that failed, such as V(createBlockStorageInstance).
      type: str
    http_status:
      description: The HTTP status of NCP's reply; V(null) when no reply came.
      type: int
    ncp_code:
      description: NCP's error code (gateway C(errorCode) or service C(returnCode)).
      type: str
    maybe_applied:
      description: V(true) when a write got no clear answer and may have been carried out.
      type: bool
    maybe_in_flight:
      description: V(true) when, on top of that, NCP may still be working on it and apply it later.
      type: bool
'''

from ansible_collections.ncloud.vserver.plugins.module_utils._base import connection_argument_spec
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import run_task
from ansible_collections.ncloud.vserver.plugins.module_utils._volume_task import VolumeTask


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        block_storage_instance_no=dict(type='str', aliases=['block_storage_no']),
        name=dict(type='str', aliases=['block_storage_name']),
        snapshot_no=dict(type='str', aliases=['block_storage_snapshot_instance_no']),
        server_instance_no=dict(type='str'),
        zone=dict(type='str', aliases=['zone_code']),
        size=dict(type='int'),
        volume_type=dict(type='str', choices=['CB1', 'CB2', 'FB1', 'FB2'], aliases=['block_storage_volume_type_code']),
        disk_detail_type=dict(type='str', choices=['SSD', 'HDD'], aliases=['block_storage_disk_detail_type_code']),
        description=dict(type='str', aliases=['block_storage_description']),
        return_protection=dict(type='bool'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=3600),
    )
    return spec


def module_spec():
    """What main() and the action plugin of the same name share: the task, its options and their rules."""
    return dict(
        task_class=VolumeTask,
        argument_spec=argument_spec(),
        required_one_of=[('block_storage_instance_no', 'name')],
        mutually_exclusive=[('volume_type', 'disk_detail_type')],
    )


def main():
    run_task(**module_spec())


if __name__ == '__main__':
    main()
