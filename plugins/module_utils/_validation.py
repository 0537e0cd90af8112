# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks NCP documents for snapshot input, run before any request leaves.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Each failure names the option and the rule, so a user can fix the task without reading NCP docs.
"""

from __future__ import annotations

import re

from ._errors import ModuleError

# createBlockStorageSnapshotInstance: 3 to 30 letters, digits, '-' and '_'; a letter first;
# a letter or digit last.
NAME_PATTERN = re.compile(r'[A-Za-z][A-Za-z0-9_-]{1,28}[A-Za-z0-9]')
MAX_DESCRIPTION_BYTES = 1000
NUMBER_PATTERN = re.compile(r'[0-9]+')


def check_name(option, value):
    if value is not None and not NAME_PATTERN.fullmatch(value):
        raise ModuleError(
            '%s must be 3 to 30 characters of letters, digits, "-" and "_", start with a letter and end with a letter or digit; got %r' % (option, value)
        )


def check_description(option, value):
    if value is not None and len(value.encode('utf-8')) > MAX_DESCRIPTION_BYTES:
        raise ModuleError('%s must be at most %d bytes in UTF-8; got %d bytes' % (option, MAX_DESCRIPTION_BYTES, len(value.encode('utf-8'))))


def check_number(option, value):
    """NCP instance numbers are decimal strings such as 3081227."""
    for item in value if isinstance(value, list) else [value]:
        if item is not None and not NUMBER_PATTERN.fullmatch(item):
            raise ModuleError('%s must be an NCP instance number made of digits only; got %r' % (option, item))


def check_not_negative(option, value):
    if value is not None and value < 0:
        raise ModuleError('%s must be 0 or more; got %s' % (option, value))


def check_text(params, argument_spec):
    """Every string option must be text that can be sent (UTF-8), such as a description with no stray surrogates."""
    for option, spec in argument_spec.items():
        values = params.get(option)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                try:
                    value.encode('utf-8')
                except UnicodeError:
                    raise ModuleError(
                        '%s is not valid text: it cannot be encoded as UTF-8 (it holds %r); nothing was sent to NCP'
                        % (option, value.encode('utf-8', 'backslashreplace').decode('ascii')[:80])
                    ) from None
