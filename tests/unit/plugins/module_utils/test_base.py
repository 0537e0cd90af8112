# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection options: argument spec (types, environment, aliases, secrets, defaults), their rules, the client built."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.ncloud.vserver.plugins.module_utils import _base
from ansible_collections.ncloud.vserver.plugins.module_utils._base import (
    check_connection_options,
    client_from_params,
    connection_argument_spec,
    read_config_file,
    region_of,
)
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError
from ansible_collections.ncloud.vserver.plugins.module_utils._rate_limit import state_path

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, SECRET_KEY

ENVIRONMENT = (
    'NCLOUD_ACCESS_KEY',
    'NCLOUD_ACCESS_KEY_ID',
    'NCLOUD_SECRET_KEY',
    'NCLOUD_SECRET_ACCESS_KEY',
    'NCLOUD_REGION',
    'NCLOUD_SITE',
    'NCLOUD_API_GW',
    'NCLOUD_API_RATE_LIMIT',
)


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No NCP variable set, and a HOME with no vendor CLI file."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('HOME', str(tmp_path))
    return monkeypatch


def module_params(args):
    """The params AnsibleModule makes of ``args`` with the connection argument spec."""
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=connection_argument_spec())
    return module


def module_failure(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit):
        AnsibleModule(argument_spec=connection_argument_spec())
    return json.loads(capsys.readouterr().out)['msg']


def params(**overrides):
    values = dict(access_key=ACCESS_KEY, secret_key=SECRET_KEY, region=None, site='public', api_url=None, validate_certs=True, api_timeout=30, api_retries=3)
    values.update(overrides)
    return values


# ---- the argument spec, through AnsibleModule ---------------------------------------------------


def test_defaults(env):
    assert module_params({}).params == {
        'access_key': None,
        'secret_key': None,
        'region': None,
        'site': 'public',
        'api_url': None,
        'validate_certs': True,
        'api_timeout': 30,
        'api_retries': 3,
        'api_rate_limit': None,
    }


@pytest.mark.parametrize(
    'option, variable',
    [
        ('access_key', 'NCLOUD_ACCESS_KEY'),
        ('access_key', 'NCLOUD_ACCESS_KEY_ID'),
        ('secret_key', 'NCLOUD_SECRET_KEY'),
        ('secret_key', 'NCLOUD_SECRET_ACCESS_KEY'),
        ('region', 'NCLOUD_REGION'),
        ('api_url', 'NCLOUD_API_GW'),
    ],
)
def test_each_environment_variable_fills_its_option(env, option, variable):
    env.setenv(variable, 'VALUE1')
    assert module_params({}).params[option] == 'VALUE1'


def test_api_rate_limit_comes_from_the_environment_as_a_number(env):
    env.setenv('NCLOUD_API_RATE_LIMIT', '18.5')
    assert module_params({}).params['api_rate_limit'] == 18.5
    assert module_params({'api_rate_limit': '4'}).params['api_rate_limit'] == 4.0


def test_site_comes_from_the_environment(env):
    env.setenv('NCLOUD_SITE', 'gov')
    assert module_params({}).params['site'] == 'gov'


@pytest.mark.parametrize(
    'option, first, second',
    [
        ('access_key', 'NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID'),
        ('secret_key', 'NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY'),
    ],
)
def test_first_environment_variable_wins(env, option, first, second):
    env.setenv(first, 'FIRST')
    env.setenv(second, 'SECOND')
    assert module_params({}).params[option] == 'FIRST'


def test_options_win_over_the_environment(env):
    for name in ENVIRONMENT:
        env.setenv(name, 'FROMENV')
    env.setenv('NCLOUD_SITE', 'fin')
    env.setenv('NCLOUD_API_RATE_LIMIT', '99')
    given = {'access_key': 'AK', 'secret_key': 'SK', 'region': 'JPN', 'site': 'gov', 'api_url': 'https://gw.test', 'api_rate_limit': 3.5}
    assert {key: module_params(given).params[key] for key in given} == given


def test_region_code_is_an_alias_of_region(env):
    assert module_params({'region_code': 'SGN'}).params['region'] == 'SGN'


def test_site_is_one_of_the_three_gateways(env, capsys):
    for site in ('public', 'gov', 'fin'):
        assert module_params({'site': site}).params['site'] == site
    message = module_failure({'site': 'moon'}, capsys)
    assert 'site' in message and 'fin, gov, public' in message


def test_secret_key_is_hidden_and_access_key_is_not(env):
    module = module_params({'access_key': 'ACCESSVISIBLE', 'secret_key': 'SECRETHIDDEN'})
    assert 'SECRETHIDDEN' in module.no_log_values
    assert 'ACCESSVISIBLE' not in module.no_log_values


def test_secret_key_from_the_environment_is_hidden_too(env):
    env.setenv('NCLOUD_SECRET_KEY', 'ENVSECRET')
    assert 'ENVSECRET' in module_params({}).no_log_values


@pytest.mark.parametrize(
    'given, expected',
    [
        ({'validate_certs': 'no'}, {'validate_certs': False}),
        ({'validate_certs': 'yes'}, {'validate_certs': True}),
        ({'api_timeout': '7', 'api_retries': '0'}, {'api_timeout': 7, 'api_retries': 0}),
        ({'access_key': 12345, 'region': 10}, {'access_key': '12345', 'region': '10'}),
        ({'secret_key': 678, 'api_url': 9}, {'secret_key': '678', 'api_url': '9'}),
    ],
)
def test_option_types(env, given, expected):
    result = module_params(given).params
    assert {key: result[key] for key in expected} == expected
    assert all(type(result[key]) is type(value) for key, value in expected.items())


@pytest.mark.parametrize('option', ['api_timeout', 'api_retries', 'validate_certs'])
def test_typed_options_refuse_words(env, capsys, option):
    assert option in module_failure({option: 'many'}, capsys)


# ---- region and the rules checked before anything is sent ------------------------------------


@pytest.mark.parametrize('site, region', [('public', 'KR'), ('gov', 'KR'), ('fin', 'FKR')])
def test_region_defaults_to_the_site_s_own(site, region):
    assert region_of(params(site=site)) == region


def test_region_given_wins_over_the_site(env):
    assert region_of(params(site='fin', region='JPN')) == 'JPN'


@pytest.mark.parametrize(
    'option, value',
    [
        ('api_timeout', 1),
        ('api_timeout', 3600),
        ('api_retries', 0),
        ('api_retries', 20),
        ('region', 'KR'),
        ('region', 'A123456789'),
        ('region', 'SGN'),
        ('api_url', 'https://gw.test'),
        ('api_url', 'http://127.0.0.1:8080'),
        ('api_url', 'https://gw.test/base/'),
        ('api_url', 'https://GW-X.test'),
        ('api_rate_limit', None),
        ('api_rate_limit', 0.001),
        ('api_rate_limit', 1000),
    ],
)
def test_values_at_the_limits_are_allowed(option, value):
    check_connection_options(params(**{option: value}))


@pytest.mark.parametrize(
    'option, value, message',
    [
        ('api_timeout', 0, 'api_timeout must be from 1 to 3600, got 0'),
        ('api_timeout', 3601, 'api_timeout must be from 1 to 3600, got 3601'),
        ('api_timeout', -5, 'api_timeout must be from 1 to 3600, got -5'),
        ('api_retries', -1, 'api_retries must be from 0 to 20, got -1'),
        ('api_retries', 21, 'api_retries must be from 0 to 20, got 21'),
    ],
)
def test_limits_name_the_option_and_the_range(option, value, message):
    with pytest.raises(ModuleError) as caught:
        check_connection_options(params(**{option: value}))
    assert str(caught.value) == message


@pytest.mark.parametrize('rate', [0, -1, 1000.5, float('inf'), float('nan')])
def test_bad_api_rate_limit_is_refused_naming_it(rate):
    with pytest.raises(ModuleError) as caught:
        check_connection_options(params(api_rate_limit=rate))
    assert str(caught.value) == ('api_rate_limit must be more than 0 and at most 1000 requests a second, got %s; nothing was sent to NCP' % rate)


@pytest.mark.parametrize(
    'url',
    [
        'ftp://gw.test',
        'gw.test',
        'https://',
        'https:///path',
        'https://gw.test/?x=1',
        'https://gw.test/#top',
        'https://me:pw@gw.test',
        'https://gw.test?',
        'https://gw.test\n',
        'https://gw\x00.test',
        'file:///etc/passwd',
        '',
    ],
)
def test_bad_api_url_is_refused_naming_it(url):
    with pytest.raises(ModuleError) as caught:
        check_connection_options(params(api_url=url))
    text = str(caught.value)
    assert text.startswith('api_url must be an http:// or https:// URL with a host and without query, fragment or user name')
    assert text.endswith('; got %r' % url)


@pytest.mark.parametrize('region', ['kr', 'K', 'KR\n', '1KR', 'A1234567890', 'K-R', ' KR', ''])
def test_bad_region_is_refused_naming_it(region):
    with pytest.raises(ModuleError) as caught:
        check_connection_options(params(region=region))
    assert str(caught.value) == (
        'region must be an NCP region code of 2 to 10 capital letters and digits starting with a letter, such as KR, SGN or FKR; got %r' % region
    )


def test_limits_are_checked_before_the_url(env):
    with pytest.raises(ModuleError, match='^api_retries'):
        check_connection_options(params(api_retries=99, api_url='ftp://x', region='bad'))
    with pytest.raises(ModuleError, match='^api_url'):
        check_connection_options(params(api_url='ftp://x', region='bad'))


# ---- the vendor CLI's file -----------------------------------------------------------------------


def test_config_file_pairs_first_value_wins(tmp_path):
    path = tmp_path / 'configure'
    path.write_text(
        '[DEFAULT]\n# a comment = no\n ncloud_access_key_id = AK1 \nncloud_access_key_id=AK2\nncloud_secret_access_key=S = K\nncloud_api_url\n\nempty =\n',
        encoding='utf-8',
    )
    assert read_config_file(str(path)) == {'ncloud_access_key_id': 'AK1', 'ncloud_secret_access_key': 'S = K', 'empty': ''}


def test_config_file_keys_may_be_upper_case(tmp_path):
    path = tmp_path / 'configure'
    path.write_text('NCLOUD_ACCESS_KEY_ID = AK\n', encoding='utf-8')
    assert read_config_file(str(path)) == {'NCLOUD_ACCESS_KEY_ID': 'AK'}


def test_missing_config_file_is_empty(tmp_path):
    assert read_config_file(str(tmp_path / 'none')) == {}


def test_config_file_is_read_from_home(env, tmp_path):
    (tmp_path / '.ncloud').mkdir()
    (tmp_path / '.ncloud' / 'configure').write_text('ncloud_access_key_id = HOMEKEY\n', encoding='utf-8')
    assert read_config_file() == {'ncloud_access_key_id': 'HOMEKEY'}


def test_config_file_is_utf8(tmp_path):
    path = tmp_path / 'configure'
    path.write_bytes('name = 비밀\n'.encode('utf-8'))
    assert read_config_file(str(path)) == {'name': '비밀'}


# ---- the client -----------------------------------------------------------------------------------


def test_client_carries_every_connection_option(env, clock):
    client = client_from_params(params(region='JPN', api_url='https://gw.test/', validate_certs=False, api_timeout=7, api_retries=5))
    assert (client.access_key, client.region, client.base_url) == (ACCESS_KEY, 'JPN', 'https://gw.test')
    assert (client.validate_certs, client.timeout, client.retries) == (False, 7, 5)
    assert client.clock() == clock.now
    client.sleep(4)
    assert clock.sleeps == [4]


def test_client_shares_its_rate_state_per_key_and_gateway(env, clock, private_rate_state):
    client = client_from_params(params(api_url='https://gw.test/', api_rate_limit=4.0))
    assert client.limiter.rate == 4.0 and client.limiter.clock() == clock.now
    assert client.limiter.path == state_path(ACCESS_KEY, 'https://gw.test', private_rate_state)
    # No limit still shares the hold a throttled reply sets.
    unlimited = client_from_params(params(api_url='https://gw.test'))
    assert unlimited.limiter.rate is None and unlimited.limiter.path == client.limiter.path


@pytest.mark.parametrize(
    'site, url, region',
    [
        ('public', 'https://ncloud.apigw.ntruss.com', 'KR'),
        ('gov', 'https://ncloud.apigw.gov-ntruss.com', 'KR'),
        ('fin', 'https://fin-ncloud.apigw.fin-ntruss.com', 'FKR'),
    ],
)
def test_client_without_api_url_uses_the_site_s_gateway(env, site, url, region):
    client = client_from_params(params(site=site))
    assert (client.base_url, client.region) == (url, region)
    assert client.validate_certs is True and client.timeout == 30 and client.retries == 3


def test_keys_come_from_the_cli_file_when_options_give_none(env, tmp_path):
    (tmp_path / '.ncloud').mkdir()
    (tmp_path / '.ncloud' / 'configure').write_text('[DEFAULT]\nncloud_access_key_id = FILEACCESS\nncloud_secret_access_key = FILESECRET\n', encoding='utf-8')
    client = client_from_params(params(access_key=None, secret_key=None))
    assert (client.access_key, client._secret_key) == ('FILEACCESS', 'FILESECRET')
    half = client_from_params(params(secret_key=None))
    assert (half.access_key, half._secret_key) == (ACCESS_KEY, 'FILESECRET')
    other = client_from_params(params(access_key=None))
    assert (other.access_key, other._secret_key) == ('FILEACCESS', SECRET_KEY)


def test_cli_file_is_not_read_when_both_keys_are_given(env, monkeypatch):
    monkeypatch.setattr(_base, 'read_config_file', lambda path=None: pytest.fail('read the CLI file'))
    assert client_from_params(params()).access_key == ACCESS_KEY


@pytest.mark.parametrize(
    'given, missing',
    [
        ({'access_key': None}, 'access_key missing'),
        ({'secret_key': ''}, 'secret_key missing'),
        ({'access_key': None, 'secret_key': None}, 'access_key and secret_key missing'),
    ],
)
def test_missing_keys_say_where_keys_may_come_from(env, given, missing):
    with pytest.raises(ModuleError) as caught:
        client_from_params(params(**given))
    assert str(caught.value) == (
        '%s: set the option, the environment variables NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or ncloud_access_key_id '
        'and ncloud_secret_access_key in ~/.ncloud/configure; nothing was sent to NCP' % missing
    )


def test_options_are_checked_before_keys(env):
    with pytest.raises(ModuleError, match='^api_timeout'):
        client_from_params(params(access_key=None, api_timeout=0))
