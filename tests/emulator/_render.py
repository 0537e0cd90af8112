# -*- coding: utf-8 -*-
"""Response bodies in NCP's two formats (ncp-api.md section 3).

JSON must be exactly json.dumps(indent=2) without a trailing newline: the Go SDK (and so
Terraform) slices the body by position and breaks on compact JSON or a final newline.
XML is the default format; its layout follows a real 2024 capture.
"""

import json
import xml.etree.ElementTree as ET

JSON_TYPE = "application/json;charset=UTF-8"
XML_TYPE = "application/xml;charset=UTF-8"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROW_INDENT = "\n" + " " * 6  # where a list's rows stand in a JSON success body


class RenderedRow(dict):
    """A row that carries its own JSON text, as json.dumps(indent=2) would write it inside a success body's list.

    Python's json module encodes in pure Python whenever indent is set, which made that most of a
    list call's cost; a snapshot keeps the text of its row per state (see _store.Snapshot.rendered)
    and success() only joins the texts. The output is byte for byte that of json.dumps (tested).
    The dict itself is fresh every time, so callers may change it (then list_json no longer matches:
    success() is only given rows as the actions made them).
    """

    __slots__ = ("list_json",)

    def __init__(self, row, list_json=None):
        super().__init__(row)
        self.list_json = list_json if list_json is not None else row_json(row)


def row_json(row):
    """A row's text as it stands in a success body's list."""
    return json.dumps(row, indent=2, ensure_ascii=False).replace("\n", ROW_INDENT)


def response_format(params):
    """json when asked for (any case), otherwise NCP's default, xml."""
    return "json" if params.get("responseFormatType", "").lower() == "json" else "xml"


def success(action, fmt, list_key, items, total_rows, request_id):
    """(body bytes, content type) for a successful call."""
    if fmt == "json" and items and all(isinstance(item, RenderedRow) for item in items):
        return _joined(action, list_key, items, total_rows, request_id), JSON_TYPE
    if fmt == "json":
        # NCP's own key order: totalRows, the list, then the request scalars.
        payload = {"totalRows": total_rows, list_key: items, "requestId": request_id, "returnCode": "0", "returnMessage": "success"}
        return _json({action + "Response": payload})
    # NCP's XML puts the scalars first.
    payload = {"requestId": request_id, "returnCode": "0", "returnMessage": "success", "totalRows": total_rows, list_key: items}
    return _xml(action + "Response", payload)


def error(api_error, fmt, details=True):
    """(body bytes, content type) for an ApiError; details: gateway bodies carry "details"."""
    if api_error.kind == "gateway":
        inner = {"errorCode": api_error.code, "message": api_error.message}
        if details:
            inner["details"] = api_error.details
        if fmt == "json":
            # Gateway errors are quoted compact by every public source.
            return json.dumps({"error": inner}, separators=(",", ":")).encode("utf-8"), JSON_TYPE
        return _xml("error", inner)  # XML layout invented: not published by NCP
    inner = {"returnCode": api_error.code, "returnMessage": api_error.message}
    if fmt == "json":
        return _json({"responseError": inner})
    return _xml("responseError", inner)  # XML layout invented: not published by NCP


def _joined(action, list_key, rows, total_rows, request_id):
    """What _json() makes of a success payload, from rows already rendered."""
    text = '{\n  %s: {\n    "totalRows": %s,\n    %s: [%s%s\n    ],\n    "requestId": %s,\n    "returnCode": "0",\n    "returnMessage": "success"\n  }\n}' % (
        json.dumps(action + "Response"),
        json.dumps(total_rows),
        json.dumps(list_key),
        ROW_INDENT,
        ("," + ROW_INDENT).join(row.list_json for row in rows),
        json.dumps(request_id),
    )
    return text.encode("utf-8")


def _json(document):
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"), JSON_TYPE


def _xml(root_name, payload):
    root = ET.Element(root_name)
    _fill(root, payload)
    ET.indent(root, space="  ")
    # short_empty_elements=False: NCP writes <baseSnapshotInstanceNo></baseSnapshotInstanceNo>.
    text = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return (XML_DECLARATION + text).encode("utf-8"), XML_TYPE


def _fill(element, value):
    """Write a JSON-like value into element: dicts become children, lists become items."""
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        # blockStorageSnapshotInstanceList holds blockStorageSnapshotInstance items, and so on.
        item_name = element.tag[: -len("List")] if element.tag.endswith("List") else "item"
        for item in value:
            _fill(ET.SubElement(element, item_name), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
