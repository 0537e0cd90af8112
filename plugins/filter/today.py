# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: today
short_description: Today's date in a time zone, for names such as nightly-20261203
version_added: 0.3.0
description:
  - Returns today's date on the controller's clock, in the IANA time zone given (such as V(Asia/Seoul)).
  - NCP reports snapshot creation dates in Korean time (C(+0900)); a snapshot taken at 01:00 in Seoul is still
    "yesterday" in UTC, so a name from the controller's UTC date would not match the date NCP shows.
  - Where the controller's Python has no time zone database, a fixed UTC offset for the zone's standard time is
    used for the zones of NCP's regions (no daylight saving time), and any other zone fails.
author:
  - ncloud.vserver maintainers (@ncloud-community)
positional: format
options:
  _input:
    description: An IANA time zone name.
    type: str
    required: true
  format:
    description: A C(strftime) format.
    type: str
    default: '%Y%m%d'
'''

EXAMPLES = r'''
- name: Name tonight's snapshot by the date in Seoul
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "3081227"
    name: "nightly-{{ 'Asia/Seoul' | ncloud.vserver.today }}"

- name: The date in Singapore, with dashes
  ansible.builtin.debug:
    msg: "{{ 'Asia/Singapore' | ncloud.vserver.today('%Y-%m-%d') }}"
'''

RETURN = r'''
_value:
  description: Today's date in that time zone, formatted.
  type: str
'''

from datetime import datetime, timedelta, timezone

from ansible.errors import AnsibleFilterError

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # Python < 3.9 on the controller: only the fixed offsets below
    ZoneInfo = None
    ZoneInfoNotFoundError = KeyError

# Standard-time offsets of the zones of NCP's regions, for a controller without tzdata.
FIXED_OFFSETS = {'Asia/Seoul': 9, 'Asia/Tokyo': 9, 'Asia/Singapore': 8, 'Asia/Hong_Kong': 8, 'America/Los_Angeles': -8, 'Europe/Berlin': 1, 'UTC': 0}


def _zone(name):
    try:
        if ZoneInfo is not None:
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    if name in FIXED_OFFSETS:
        return timezone(timedelta(hours=FIXED_OFFSETS[name]))
    raise AnsibleFilterError('today: %r is not a time zone this controller knows (an IANA name such as Asia/Seoul)' % name)


def today(time_zone, format='%Y%m%d', now=None):
    if not isinstance(time_zone, str) or not time_zone:
        raise AnsibleFilterError('today: the time zone must be an IANA name such as Asia/Seoul, got %r' % (time_zone,))
    return (now or datetime.now(timezone.utc)).astimezone(_zone(time_zone)).strftime(format)


class FilterModule:
    def filters(self):
        return {'today': today}
