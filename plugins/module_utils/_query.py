# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The query string of an NCP request: NCP's list encoding, and percent-encoding done once.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

from urllib.parse import quote

# RFC 3986 unreserved characters stay as they are; everything else is percent-encoded (a space
# becomes %20). The gateway verifies the signature over the query exactly as sent.
_UNRESERVED = '-_.~'


def flatten_params(params):
    """Turn ``{'names': ['a', 'b'], 'flag': True}`` into NCP's ``names.1=a&names.2=b&flag=true`` pairs.

    Lists become 1-based ``name.N`` entries, booleans lower-case words, None values are left out.
    Order is kept, so the signed string is predictable.
    """
    pairs = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend(('%s.%d' % (name, index), str(item)) for index, item in enumerate(value, 1))
        elif isinstance(value, bool):
            pairs.append((name, 'true' if value else 'false'))
        else:
            pairs.append((name, str(value)))
    return pairs


def encode_query(pairs):
    """Percent-encode ``(name, value)`` pairs once; this exact string is both signed and sent."""
    return '&'.join('%s=%s' % (quote(name, safe=_UNRESERVED), quote(value, safe=_UNRESERVED)) for name, value in pairs)


def encodable(value):
    try:
        value.encode('utf-8')
    except UnicodeError:
        return False
    return True
