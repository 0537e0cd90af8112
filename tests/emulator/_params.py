# -*- coding: utf-8 -*-
"""Reading request parameters the way NCP's API takes them (ncp-api.md 2.3).

Parameters arrive in the query string, a form-urlencoded body, or both (the Python SDK puts
responseFormatType in the query and the rest in the body; the Go SDK puts everything in the
body). Lists are name.1, name.2, ... (1-based); the Python SDK sends booleans as True/False.
"""

import re

from _errors import invented, missing_parameter

MAX_PAGE_SIZE = 1000  # invented: NCP does not publish a maximum


class Params:
    """Read-only view of the merged request parameters with NCP-style typed getters."""

    def __init__(self, query, form):
        """query, form: iterables of (name, value); a body value wins over the same query name."""
        self._values = dict(query)
        self._values.update(form)

    def get(self, name, default=None):
        value = self._values.get(name)
        return default if value is None or value == "" else value

    def require(self, name):
        value = self.get(name)
        if value is None:
            raise missing_parameter(name)
        return value

    def get_list(self, name):
        """Values of name.1, name.2, ... ordered by index (gaps are tolerated)."""
        pattern = re.compile(re.escape(name) + r"\.(\d+)$")
        indexed = []
        for key, value in self._values.items():
            match = pattern.match(key)
            if match and value != "":
                indexed.append((int(match.group(1)), value))
        return [value for _index, value in sorted(indexed)]

    def get_bool(self, name):
        value = self.get(name)
        if value is None:
            return None
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise invented("invalid_parameter", name=name, value=value, why="expected true or false")

    def get_int(self, name, minimum=None, maximum=None):
        value = self.get(name)
        if value is None:
            return None
        if not re.fullmatch(r"-?\d+", value):
            raise invented("invalid_parameter", name=name, value=value, why="expected an integer")
        number = int(value)
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise invented("invalid_parameter", name=name, value=value, why="expected %s..%s" % (minimum, maximum))
        return number

    def get_choice(self, name, choices, default=None):
        """A code from a fixed set, compared case-insensitively, returned in canonical spelling."""
        value = self.get(name)
        if value is None:
            return default
        for choice in choices:
            if value.lower() == choice.lower():
                return choice
        raise invented("invalid_parameter", name=name, value=value, why="expected one of %s" % "|".join(choices))

    def region(self, regions):
        """regionCode among the accepted regions; NCP defaults to the first of getRegionList, KR."""
        return self.get_choice("regionCode", list(regions), default="KR")

    def page(self, rows, cap=None):
        """Cut rows to the requested page. Returns (page rows, total rows before paging).

        pageNo 0 and 1 both mean the first page (NCP documents 0..N with 0 as default while
        its examples use 1). pageSize is required with pageNo. Without paging, all rows.
        cap (the page_cap option): a page silently holds at most cap rows whatever pageSize asks,
        and pages are cut at that size, as a server with a lower maximum would do.
        """
        page_size = self.get_int("pageSize", minimum=1, maximum=MAX_PAGE_SIZE)
        page_no = self.get_int("pageNo", minimum=0)
        if page_no is not None and page_size is None:
            raise missing_parameter("pageSize")
        if cap is not None:
            page_size = min(page_size or cap, cap)
        if page_size is None:
            return list(rows), len(rows)
        start = (max(page_no or 1, 1) - 1) * page_size
        return list(rows[start : start + page_size]), len(rows)
