# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs ncloud.vserver.blockstorage_snapshot_batch in the controller's worker when the task runs there (plugin_utils/_in_process.py)."""

from __future__ import annotations

from ansible_collections.ncloud.vserver.plugins.plugin_utils._in_process import InProcessAction


class ActionModule(InProcessAction):
    MODULE = 'blockstorage_snapshot_batch'
