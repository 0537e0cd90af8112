# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading a paged NCP list completely, while it may change between pages.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP pages by ``pageNo`` (1-based) and ``pageSize``, reports ``totalRows``, publishes no largest
page size, and may cap a page below what was asked without saying so. So pages are read until
``totalRows`` items are collected or a page comes back empty, and a page shorter than asked while
more rows remain becomes the page size from then on. Rows created or deleted between page reads
shift the pages: a listing of several pages is therefore read again, and its result is the one
two passes agree on (or, if the list never holds still, every item seen, once each).
"""

from __future__ import annotations

from itertools import product

from ._errors import NcloudApiError, readable

PAGE_SIZE = 1000
MAX_PAGES = 1000
MAX_PASSES = 3
# How many numbers one list filter (``name.N``) carries per request. NCP documents no limit on
# the length of such a list; the practical one is the URL's, since the client sends every call as
# a GET with its parameters in the query (about 45 bytes a number, and gateways commonly refuse
# request lines past 8 KB). 100 numbers keep a request under 5 KB; more numbers take more requests.
NUMBERS_PER_REQUEST = 100


def _one_pass(client, action, params, list_key, key, deadline):
    """``(items by key, pages read)`` of one reading of the whole list."""
    items, page, page_size, pages, rows_read = {}, 1, PAGE_SIZE, 0, 0
    while pages < MAX_PAGES:
        body = client.call(action, dict(params, pageNo=page, pageSize=page_size), deadline=deadline)
        pages += 1
        batch = body.get(list_key) or []
        rows_read += len(batch)
        for item in batch:
            # A row without a readable key is kept as it is; reading it later reports the bad reply.
            marker = item.get(key)
            items[marker if isinstance(marker, str) else object()] = item
        if not batch or len(items) >= int(body.get('totalRows') or 0):
            return items, pages
        if len(batch) < page_size:
            # Capped below what was asked: ask for what the server gives from now on, at the page
            # right after the rows read, or from the first page if they do not line up with it.
            page_size = len(batch)
            page = rows_read // page_size if rows_read % page_size == 0 else 0
            rows_read = rows_read if page else 0
        page += 1
    raise NcloudApiError(action, 'more than %d pages: the reply\'s totalRows (%s) cannot be right' % (MAX_PAGES, readable(body.get('totalRows'), 40)))


def list_all(client, action, params, list_key, key, deadline=None):
    """Every item of a paged list call, each once (by ``key``), oldest reading last."""
    seen, previous = {}, None
    for dummy in range(MAX_PASSES):
        items, pages = _one_pass(client, action, params, list_key, key, deadline)
        if pages == 1 or (previous is not None and set(items) == set(previous)):
            return list(items.values())  # one page is one consistent read; two equal passes agree
        seen.update(items)
        previous = items
    return list(seen.values())


def in_chunks(numbers, size=NUMBERS_PER_REQUEST):
    """``numbers`` (each once, in order) in lists of at most ``size``."""
    numbers = list(dict.fromkeys(numbers))
    return [numbers[start : start + size] for start in range(0, len(numbers), size)]


def list_all_chunked(client, action, params, list_key, key, deadline=None):
    """``list_all`` with every list filter in ``params`` cut into chunks of NUMBERS_PER_REQUEST, each item once.

    Filters are combined with AND, so with two long lists every pair of their chunks is read.
    """
    lists = sorted(name for name, value in params.items() if isinstance(value, list) and len(value) > NUMBERS_PER_REQUEST)
    if not lists:
        return list_all(client, action, params, list_key, key, deadline)
    found = {}
    for chunks in product(*(in_chunks(params[name]) for name in lists)):
        for item in list_all(client, action, dict(params, **dict(zip(lists, chunks))), list_key, key, deadline):
            marker = item.get(key)
            found[marker if isinstance(marker, str) else object()] = item
    return list(found.values())
