# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Attributes shared by the ncloud.vserver modules."""

    # Every module is in the action group `all` of meta/runtime.yml; the extra-checks nox session
    # (antsibull-nox.toml) checks that each module in the group extends this fragment and no other does.
    ACTIONGROUP_ALL = r'''
attributes:
  action_group:
    description: Use C(group/ncloud.vserver.all) in C(module_defaults) to set the connection options once.
    support: full
    membership: [ncloud.vserver.all]
'''
