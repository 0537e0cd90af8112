# -*- coding: utf-8 -*-
"""Property-based tests: input validation, query signing and reply parsing under hostile input.

- Names and descriptions: the module's checks (module_utils/_validation.py), an oracle written
  here from NCP's rule text (ncp-api.md 4.1), and the emulator's own checks must agree.
- Signing: any Unicode value goes through the real client to the emulator, which verifies the
  signature over the request target exactly as received: what is signed is what is sent.
- Replies: whatever comes back (HTML, nothing, XML, cut-off or non-object JSON, huge bodies,
  bodies shorter than announced) the client returns NCP's answer or raises NcloudApiError with
  a one-line message; never another exception.

Hypothesis is bounded (max_examples, derandomized so CI is repeatable). HYPOTHESIS_PROFILE=explore
runs many more random examples. The inputs tried are written to tests/output/reliability/.
"""

import json
import os
import socketserver
import string
import threading
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

import harness
import _render

from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.plugins.module_utils._paging import list_all
from ansible_collections.ncloud.vserver.plugins.module_utils._query import encode_query, flatten_params
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._validation import check_description, check_name

settings.register_profile(
    'ci', max_examples=120, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile('explore', max_examples=2000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'ci'))

CREATE = 'createBlockStorageSnapshotInstance'
LIST = 'getBlockStorageSnapshotInstanceList'
SNAPSHOTS = 'blockStorageSnapshotInstanceList'
VOL = '3081227'
TRIED = Counter()


@pytest.fixture(scope='module', autouse=True)
def inputs_tried():
    yield
    harness.write_output('properties.json', json.dumps(dict(TRIED, total=sum(TRIED.values())), indent=2))
    print('\nhypothesis inputs tried: %s' % dict(TRIED))


@pytest.fixture(scope='module')
def client(emulator, clock):
    return NcloudClient(emulator.access_key, emulator.secret_key, 'KR', emulator.url, timeout=10, retries=0, clock=clock.time, sleep=clock.sleep)


# ---- names and descriptions ---------------------------------------------------------------------

LETTERS = set(string.ascii_letters)
DIGITS = set(string.digits)


def name_allowed(name):
    """NCP: 3 to 30 characters; letters, digits, '-' and '_'; a letter first; a letter or digit last."""
    return 3 <= len(name) <= 30 and all(char in LETTERS | DIGITS | {'-', '_'} for char in name) and name[0] in LETTERS and name[-1] in LETTERS | DIGITS


def description_allowed(description):
    """NCP: 0 to 1000 bytes (UTF-8)."""
    return len(description.encode('utf-8')) <= 1000


def module_allows(check, value):
    try:
        check('option', value)
    except ModuleError:
        return False
    return True


def emulator_allows(client, name, description, code):
    """Create through the real client: True when the emulator took it, False when it refused with ``code``."""
    try:
        client.call(
            CREATE, {'originalBlockStorageInstanceNo': VOL, 'blockStorageSnapshotName': name, 'blockStorageSnapshotDescription': description}, write=True
        )
    except NcloudApiError as exc:
        assert exc.code == code, str(exc)
        return False
    return True


RULE_CHARS = string.ascii_letters + string.digits + '-_'
NAMES = st.one_of(
    st.text(alphabet=RULE_CHARS, max_size=33),  # shaped like the rule
    st.text(alphabet=RULE_CHARS + ' .\n\t\r한éßＡ１٣', max_size=33),  # near misses, Unicode letters/digits
    st.text(max_size=40),  # anything
)
NAME_EXAMPLES = ['abc', 'ab', 'a' * 30, 'a' * 31, 'a-_1', 'a1-', '1ab', '-ab', 'abc\n', 'ab\nc', 'éab', 'abé', 'ab١']


def _with_examples(values):
    def decorate(test):
        for value in values:
            test = example(value)(test)
        return test

    return decorate


@settings(max_examples=150)
@given(NAMES)
@_with_examples(NAME_EXAMPLES)
def test_emulator_name_rule_matches_the_documented_rule(client, name):
    TRIED['names vs emulator'] += 1
    # An empty parameter is an absent one on NCP's API (the emulator then makes a name up).
    assert emulator_allows(client, name, None, '9901003') == (name == '' or name_allowed(name)), repr(name)


@pytest.mark.regression('BUG-3: the name check let a trailing line break through ("abc\\n")')
@settings(max_examples=300)
@given(NAMES)
@_with_examples(NAME_EXAMPLES)
def test_module_name_check_matches_the_documented_rule(name):
    TRIED['names vs module'] += 1
    assert module_allows(check_name, name) == name_allowed(name), repr(name)


@st.composite
def descriptions_near_the_limit(draw):
    """Text of 1- to 4-byte characters whose UTF-8 length lands within a few bytes of 1000."""
    char = draw(st.sampled_from(['a', 'é', '한', '😀', '\u200b', 'Ω']))
    count = 1000 // len(char.encode('utf-8'))
    text = char * draw(st.integers(count - 3, count + 2))
    tail = draw(st.text(max_size=4))
    return text + tail if draw(st.booleans()) else tail + text


DESCRIPTIONS = st.one_of(descriptions_near_the_limit(), st.text(max_size=400), st.text(alphabet='가-힣 \n', min_size=320, max_size=340))


@settings(max_examples=120)
@given(DESCRIPTIONS)
@example('백' * 333 + 'a')
@example('백' * 334)
@example('😀' * 250)
@example('😀' * 250 + 'a')
def test_description_rule_module_emulator_and_oracle_agree(client, description):
    TRIED['descriptions'] += 1
    allowed = description_allowed(description)
    assert module_allows(check_description, description) == allowed
    assert emulator_allows(client, 'desc-test', description, '9901004') == allowed


# ---- what is signed is what is sent ------------------------------------------------------------


@settings(max_examples=150)
@given(st.text(), st.lists(st.text(max_size=12), max_size=3), st.booleans())
@example('nightly backup + 야간 & a=b;c%20d', ['3081227'], True)
@example('\x00\r\n\t', ['a/b', '?#'], False)
@example('e\u0301 \u202e\ufeff 😀', [], True)
def test_any_value_is_signed_exactly_as_sent(client, emulator, value, numbers, flag):
    TRIED['signed queries'] += 1
    params = {'blockStorageSnapshotName': value, 'originalBlockStorageInstanceNoList': numbers, 'isBootable': flag}
    client.call(LIST, params)  # a signature the emulator cannot verify would be a 401 NcloudApiError
    pairs = [('regionCode', 'KR')] + flatten_params(params) + [('responseFormatType', 'json')]
    assert emulator.targets[-1] == '/vserver/v2/%s?%s' % (LIST, encode_query(pairs))


@settings(max_examples=100)
@given(st.text(max_size=300))
@example('a+b %2B %20 ~!*\'()')
@example('\x00\x01\x7f 탭\t 줄\n')
def test_description_arrives_byte_for_byte(client, description):
    TRIED['round trips'] += 1
    created = client.call(
        CREATE, {'originalBlockStorageInstanceNo': VOL, 'blockStorageSnapshotName': 'round-trip', 'blockStorageSnapshotDescription': description}, write=True
    )
    assert created[SNAPSHOTS][0]['blockStorageSnapshotDescription'] == description


# ---- replies of any shape ------------------------------------------------------------------------


class RawServer(socketserver.ThreadingTCPServer):
    """Answers every request with ``self.reply``, raw bytes written to the socket as they are."""

    allow_reuse_address = True
    daemon_threads = True
    reply = b''
    served = 0


class RawHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        data = b''
        while b'\r\n\r\n' not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            data += chunk
        self.server.served += 1
        try:
            self.request.sendall(self.server.reply)
        except OSError:
            pass


@pytest.fixture(scope='module')
def raw_server():
    server = RawServer(('127.0.0.1', 0), RawHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def ncp_json(action=LIST, items=None, total=None):
    items = [{'blockStorageSnapshotInstanceNo': '5000001', 'blockStorageSnapshotName': 'a'}] if items is None else items
    return _render.success(action, 'json', SNAPSHOTS, items, len(items) if total is None else total, 'req-1')[0]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
ODD_KEYS = st.sampled_from(['error', 'responseError', LIST + 'Response', 'totalRows', SNAPSHOTS, 'returnCode', 'message', 'errorCode', 'returnMessage', 'x'])
ODD_OBJECTS = st.recursive(JSON_VALUES, lambda inner: st.dictionaries(ODD_KEYS, inner, max_size=4), max_leaves=16)
HUGE = [
    b'x' * (5 * 2**20),
    b'[' * 200000,
    b'{"a": "' + b'y' * (3 * 2**20) + b'"}',
    ncp_json(items=[{'blockStorageSnapshotInstanceNo': str(n)} for n in range(20000)]),
]
BODIES = st.one_of(
    st.builds(lambda text: ('<html><head><title>502 Bad Gateway</title></head><body><h1>%s</h1></body></html>' % text).encode(), st.text(max_size=60)),
    st.just(b''),
    st.just(_render.success(LIST, 'xml', SNAPSHOTS, [{'blockStorageSnapshotInstanceNo': '1'}], 1, 'r')[0]),
    st.just(b'<?xml version="1.0"?><responseError><returnCode>1000</returnCode></responseError>'),
    st.builds(lambda body, cut: body[:cut], st.just(ncp_json()), st.integers(0, 400)),
    JSON_VALUES.filter(lambda value: not isinstance(value, dict)).map(lambda value: json.dumps(value).encode()),
    ODD_OBJECTS.map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.just(LIST + 'Response'), ODD_OBJECTS, min_size=1).map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
    st.sampled_from(HUGE),
    st.just(ncp_json()),
)
STATUSES = st.sampled_from([200, 201, 204, 302, 400, 401, 403, 404, 413, 429, 500, 502, 503, 504])
CONTENT_TYPES = st.sampled_from([None, 'application/json;charset=UTF-8', 'text/html', 'application/xml', 'text/plain; charset=euc-kr'])
# how the body's length is told: exactly, not at all (the connection closes), or longer than it is
LENGTHS = st.sampled_from(['exact', 'none', 'longer'])


def raw_reply(status, content_type, body, length):
    head = ['HTTP/1.1 %d Whatever' % status, 'Connection: close']
    if content_type:
        head.append('Content-Type: ' + content_type)
    if length != 'none':
        head.append('Content-Length: %d' % (len(body) + (50 if length == 'longer' else 0)))
    return ('\r\n'.join(head) + '\r\n\r\n').encode() + body


@settings(max_examples=250)
@given(STATUSES, CONTENT_TYPES, BODIES, LENGTHS, st.booleans())
@example(200, 'application/json', ncp_json(), 'exact', False)
@example(200, 'application/xml', _render.success(LIST, 'xml', SNAPSHOTS, [], 0, 'r')[0], 'exact', False)
@example(500, None, b'', 'none', True)
@example(200, 'application/json', ncp_json()[:-30], 'longer', True)
def test_any_reply_is_an_answer_or_a_readable_error(raw_server, clock, status, content_type, body, length, paged):
    TRIED['replies'] += 1
    raw_server.reply = raw_reply(status, content_type, body, length)
    client = NcloudClient(
        harness.ACCESS_KEY,
        harness.SECRET_KEY,
        'KR',
        'http://127.0.0.1:%d' % raw_server.server_address[1],
        timeout=5,
        retries=1,
        clock=clock.time,
        sleep=clock.sleep,
    )
    try:
        answer = list_all(client, LIST, {}, SNAPSHOTS, 'blockStorageSnapshotInstanceNo') if paged else client.call(LIST)
    except NcloudApiError as exc:
        text = str(exc)
        assert text.startswith(LIST + ' failed') and '\n' not in text and len(text) < 900, text
        assert 'Traceback' not in text and harness.SECRET_KEY not in text
    else:
        assert 200 <= status < 400 and isinstance(answer, (dict, list))


# ---- odd fields inside a well-formed reply, through the module ------------------------------------

SNAPSHOT_FIELDS = [
    'blockStorageSnapshotInstanceNo',
    'blockStorageSnapshotName',
    'blockStorageSnapshotVolumeSize',
    'originalBlockStorageInstanceNo',
    'blockStorageSnapshotInstanceStatus',
    'blockStorageSnapshotInstanceOperation',
    'blockStorageSnapshotInstanceStatusName',
    'createDate',
    'snapshotType',
    'snapshotChainDepth',
    'hypervisorType',
]


def good_snapshot():
    return {
        'blockStorageSnapshotInstanceNo': '5000001',
        'blockStorageSnapshotName': 'odd-snap',
        'blockStorageSnapshotVolumeSize': 53687091200,
        'originalBlockStorageInstanceNo': VOL,
        'blockStorageSnapshotInstanceStatus': {'code': 'CREAT', 'codeName': 'created'},
        'blockStorageSnapshotInstanceOperation': {'code': 'NULL', 'codeName': 'null'},
        'blockStorageSnapshotInstanceStatusName': 'created',
        'createDate': '2026-11-27T09:00:00+0900',
        'blockStorageSnapshotDescription': '',
        'snapshotType': {'code': 'FULL', 'codeName': 'Full'},
        'baseSnapshotInstanceNo': '',
        'snapshotChainDepth': 0,
        'isBootable': False,
        'hypervisorType': {'code': 'XEN', 'codeName': 'XEN'},
    }


@pytest.mark.regression('BUG-4: a non-numeric number field in a snapshot crashed the module with a traceback')
@settings(max_examples=60)
@given(st.sampled_from(SNAPSHOT_FIELDS), JSON_VALUES)
@example('blockStorageSnapshotVolumeSize', '50G')
@example('snapshotChainDepth', {'code': 5})
def test_module_reports_odd_fields_without_a_traceback(raw_server, clock, tmp_path_factory, field, value):
    TRIED['odd fields through the module'] += 1
    snapshot = dict(good_snapshot(), **{field: value})
    raw_server.reply = raw_reply(200, 'application/json', ncp_json(items=[snapshot]), 'exact')
    url = 'http://127.0.0.1:%d' % raw_server.server_address[1]
    result = harness.run_module(
        'blockstorage_snapshot',
        dict(api_url=url, access_key=harness.ACCESS_KEY, secret_key=harness.SECRET_KEY, name='odd-snap', block_storage_instance_no=VOL, api_retries=0),
        clock,
        tmp_path_factory.getbasetemp(),
    )
    assert not result.get('crashed'), result['msg'][-1500:]
