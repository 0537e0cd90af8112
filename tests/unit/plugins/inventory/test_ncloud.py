# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ncloud inventory plugin, loaded as Ansible loads it, with every HTTP exchange scripted in order."""

from __future__ import annotations

import pytest
import yaml

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.utils.display import Display

from ansible_collections.ncloud.vserver.tests.unit.plugins.modules.test_blockstorage_fakes import raw_volume
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, SECRET_KEY, ok, reply

SERVERS = 'getServerInstanceList'
NICS = 'getNetworkInterfaceList'
VOLUMES = 'getBlockStorageInstanceList'
PAGE = {'pageNo': '1', 'pageSize': '1000'}


def raw_server(number, name, hypervisor='KVM', zone='KR-1', status='RUN', public_ip='', spec='s2-g3', region='KR'):
    """A VPC server as getServerInstanceList returns it (Go SDK services/vserver/server_instance.go)."""
    return {
        'serverInstanceNo': number,
        'serverName': name,
        'serverDescription': '',
        'cpuCount': 2,
        'memorySize': 8589934592,
        'publicIp': public_ip,
        'serverInstanceStatus': {'code': status, 'codeName': 'Server %s state' % status},
        'serverInstanceOperation': {'code': 'NULL', 'codeName': 'Server NULL OP'},
        'serverInstanceStatusName': 'running',
        'serverProductCode': 'SVR.VSVR.STAND.C002.M008.G003',
        'serverSpecCode': spec,
        'zoneCode': zone,
        'regionCode': region,
        'vpcNo': '21001',
        'subnetNo': '31001',
        'networkInterfaceNoList': ['7' + number],
        'hypervisorType': {'code': hypervisor, 'codeName': hypervisor},
    }


def raw_nic(server_no, ip, default=True, suffix='', device=None):
    """A network interface as getNetworkInterfaceList returns it (Go SDK services/vserver/network_interface.go)."""
    return {
        'networkInterfaceNo': '7' + server_no + suffix,
        'instanceNo': server_no,
        'ip': ip,
        'isDefault': default,
        'deviceName': device or ('eth0' if default else 'eth1'),
    }


KVM_APP = raw_server('2912302', 'kvm-app', public_ip='203.0.113.12')
XEN_APP = raw_server('2912301', 'xen-app', hypervisor='XEN', zone='KR-2', spec='s2-g2-s50')
NIC_QUERY = dict(PAGE, **{'networkInterfaceNoList.1': '72912301', 'networkInterfaceNoList.2': '72912302'})


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(Display, 'warning', lambda self, message, *args, **kwargs: seen.append(message))
    return seen


@pytest.fixture
def parse(tmp_path, keys):
    """Parse an inventory file of these options (``plugin`` added) into fresh inventory data."""

    def run(options, name='test.ncloud.yml', cache=True):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(dict({'plugin': 'ncloud.vserver.ncloud'}, **options)))
        plugin = inventory_loader.get('ncloud.vserver.ncloud')
        assert plugin.verify_file(str(path))
        inventory = InventoryData()
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        if options.get('cache'):
            plugin.update_cache_if_changed()  # as ansible's InventoryManager does after each parse
        return inventory

    return run


def expect_region(ncp, servers, nics, volumes, region='KR', server_query=None, kept=None):
    """The three listings of one region, in order (none after an empty server listing); ``kept``: the servers the filters keep."""
    ncp.expect(SERVERS, server_query or PAGE, ok(SERVERS, servers, list_key='serverInstanceList'), region=region)
    kept = sorted(servers if kept is None else kept, key=lambda server: int(server['serverInstanceNo']))
    if kept:
        nic_nos = [no for server in kept for no in server['networkInterfaceNoList']]
        query = dict(PAGE, **{'networkInterfaceNoList.%d' % index: no for index, no in enumerate(nic_nos, 1)})
        ncp.expect(NICS, query, ok(NICS, nics, list_key='networkInterfaceList'), region=region)
    if volumes is not None:
        ncp.expect(VOLUMES, PAGE, ok(VOLUMES, volumes, list_key='blockStorageInstanceList'), region=region)


def groups_of(inventory):
    return {name: sorted(host.name for host in group.get_hosts()) for name, group in inventory.groups.items() if group.get_hosts()}


def test_three_listings_give_hosts_with_their_ips_volumes_and_groups(parse, ncp, warnings):
    xen_volume = raw_volume('3081227', server='2912301', hypervisor='XEN', volume_type='SSD', zone='KR-2', device='/dev/xvdb')
    expect_region(
        ncp,
        [XEN_APP, KVM_APP],
        [raw_nic('2912302', '10.0.1.12'), raw_nic('2912301', '10.0.2.11')],
        [raw_volume('3081231', server='2912302'), xen_volume, raw_volume('3081240', status='CREAT', server='')],
    )
    inventory = parse(
        {
            'keyed_groups': [{'key': 'ncloud_hypervisor_type', 'prefix': 'hypervisor'}],
            'groups': {'public': 'ncloud_public_ip is not none'},
            'compose': {'volume_nos': "ncloud_block_storages | map(attribute='block_storage_instance_no') | list"},
        }
    )
    assert groups_of(inventory) == {'ncloud': ['kvm-app', 'xen-app'], 'hypervisor_KVM': ['kvm-app'], 'hypervisor_XEN': ['xen-app'], 'public': ['kvm-app']}
    kvm = inventory.get_host('kvm-app').vars
    assert kvm['ansible_host'] == '10.0.1.12' and kvm['ncloud_private_ip'] == '10.0.1.12' and kvm['ncloud_public_ip'] == '203.0.113.12'
    assert (kvm['ncloud_server_instance_no'], kvm['ncloud_region'], kvm['ncloud_zone'], kvm['ncloud_status']) == ('2912302', 'KR', 'KR-1', 'RUN')
    assert (kvm['ncloud_hypervisor_type'], kvm['ncloud_server_spec_code'], kvm['ncloud_memory_size']) == ('KVM', 's2-g3', 8589934592)
    assert kvm['volume_nos'] == ['3081231'] and kvm['ncloud_block_storages'][0]['device_name'] == '/dev/vdb'
    assert inventory.get_host('xen-app').vars['ncloud_block_storages'][0]['volume_type'] == 'SSD'
    assert inventory.get_host('xen-app').vars['ncloud_server_spec_code'] == 's2-g2-s50'
    assert warnings == [] and ncp.actions == [SERVERS, NICS, VOLUMES]


def test_the_default_interface_gives_the_private_ip_and_a_server_without_one_gets_no_ansible_host(parse, ncp, warnings):
    second = dict(KVM_APP, networkInterfaceNoList=['72912302x', '72912302'])
    ncp.expect(SERVERS, PAGE, ok(SERVERS, [second, XEN_APP], list_key='serverInstanceList'))
    ncp.expect(
        NICS,
        dict(PAGE, **{'networkInterfaceNoList.1': '72912301', 'networkInterfaceNoList.2': '72912302x', 'networkInterfaceNoList.3': '72912302'}),
        ok(NICS, [raw_nic('2912302', '10.0.9.9', default=False, suffix='x'), raw_nic('2912302', '10.0.1.12')], list_key='networkInterfaceList'),
    )
    inventory = parse({'include_volumes': False})
    assert inventory.get_host('kvm-app').vars['ansible_host'] == '10.0.1.12'
    assert 'ansible_host' not in inventory.get_host('xen-app').vars and inventory.get_host('xen-app').vars['ncloud_private_ip'] is None
    assert warnings == ['ncloud inventory: server 2912301 (xen-app, KR) has no private_ip; ansible_host is not set']


def test_without_a_default_interface_eth0_gives_the_private_ip(parse, ncp):
    second = dict(KVM_APP, networkInterfaceNoList=['72912302x', '72912302'])
    ncp.expect(SERVERS, PAGE, ok(SERVERS, [second], list_key='serverInstanceList'))
    ncp.expect(
        NICS,
        dict(PAGE, **{'networkInterfaceNoList.1': '72912302x', 'networkInterfaceNoList.2': '72912302'}),
        ok(
            NICS,
            [raw_nic('2912302', '10.0.9.9', default=False, suffix='x'), raw_nic('2912302', '10.0.1.12', default=False, device='eth0')],
            list_key='networkInterfaceList',
        ),
    )
    assert parse({'include_volumes': False}).get_host('kvm-app').vars['ansible_host'] == '10.0.1.12'


def test_more_than_100_interfaces_are_read_from_the_regions_whole_listing(parse, ncp):
    servers = [raw_server(str(2920000 + index), 'svr-%d' % index) for index in range(101)]
    ncp.expect(SERVERS, PAGE, ok(SERVERS, servers, list_key='serverInstanceList'))
    ncp.expect(NICS, PAGE, ok(NICS, [raw_nic('2920100', '10.0.0.100'), raw_nic('9999999', '10.9.9.9')], list_key='networkInterfaceList'))
    inventory = parse({'include_volumes': False})
    assert len(inventory.hosts) == 101 and inventory.get_host('svr-100').vars['ansible_host'] == '10.0.0.100'
    assert ncp.actions == [SERVERS, NICS]


def test_connect_with_public_ip_and_hostname_by_number(parse, ncp, warnings):
    expect_region(ncp, [XEN_APP, KVM_APP], [raw_nic('2912301', '10.0.2.11'), raw_nic('2912302', '10.0.1.12')], None)
    inventory = parse({'include_volumes': False, 'connect_with': 'public_ip', 'hostname': 'server_instance_no'})
    assert sorted(inventory.hosts) == ['2912301', '2912302']
    assert inventory.get_host('2912302').vars['ansible_host'] == '203.0.113.12'
    assert 'ansible_host' not in inventory.get_host('2912301').vars
    assert warnings == ['ncloud inventory: server 2912301 (xen-app, KR) has no public_ip; ansible_host is not set']


def test_a_server_without_the_hostname_value_is_left_out_with_a_warning(parse, ncp, warnings):
    expect_region(ncp, [XEN_APP, KVM_APP], [raw_nic('2912301', '10.0.2.11'), raw_nic('2912302', '10.0.1.12')], None)
    inventory = parse({'include_volumes': False, 'hostname': 'public_ip'})
    assert sorted(inventory.hosts) == ['203.0.113.12']
    assert warnings == ['ncloud inventory: server 2912301 (xen-app, KR) has no public_ip; it is left out']


def test_api_filters_go_into_the_listing_and_the_rest_are_applied_to_it(parse, ncp):
    query = dict(
        PAGE,
        serverInstanceStatusCode='RUN',
        **{'serverInstanceNoList.1': '2912301', 'serverInstanceNoList.2': '2912302', 'hypervisorTypeCodeList.1': 'KVM', 'hypervisorTypeCodeList.2': 'XEN'},
    )
    web = raw_server('2912305', 'web-1', zone='KR-2')
    expect_region(ncp, [XEN_APP, KVM_APP, web], [], None, server_query=query, kept=[KVM_APP, web])
    inventory = parse(
        {
            'include_volumes': False,
            'statuses': ['RUN'],
            'server_instance_nos': ['2912301', '2912302'],
            'hypervisor_types': ['KVM', 'XEN'],
            'zones': ['KR-1', 'KR-2'],
            'name_patterns': ['kvm-*', 'web-?'],
            'server_spec_codes': ['s2-g3'],
        }
    )
    assert sorted(inventory.hosts) == ['kvm-app', 'web-1']


def test_several_statuses_are_applied_to_the_listing_not_sent(parse, ncp):
    stopped = raw_server('2912303', 'kvm-rescue', status='NSTOP')
    expect_region(ncp, [KVM_APP, stopped, raw_server('2912304', 'creating', status='CREAT')], [], None, kept=[KVM_APP, stopped])
    assert sorted(parse({'include_volumes': False, 'statuses': ['RUN', 'NSTOP']}).hosts) == ['kvm-app', 'kvm-rescue']


def test_an_empty_region_costs_one_request(parse, ncp):
    expect_region(ncp, [], [], None)
    assert parse({}).hosts == {} and ncp.actions == [SERVERS]


def test_every_page_of_servers_is_read(parse, ncp):
    ncp.expect(SERVERS, PAGE, ok(SERVERS, [XEN_APP], list_key='serverInstanceList', total=2))
    # A page shorter than asked is NCP's cap; several pages are read twice, and the result is the one two
    # passes agree on (module_utils/_paging.py).
    ncp.expect(SERVERS, {'pageNo': '2', 'pageSize': '1'}, ok(SERVERS, [KVM_APP], list_key='serverInstanceList', total=2))
    ncp.expect(SERVERS, PAGE, ok(SERVERS, [XEN_APP], list_key='serverInstanceList', total=2))
    ncp.expect(SERVERS, {'pageNo': '2', 'pageSize': '1'}, ok(SERVERS, [KVM_APP], list_key='serverInstanceList', total=2))
    ncp.expect(NICS, NIC_QUERY, ok(NICS, [], list_key='networkInterfaceList'))
    assert sorted(parse({'include_volumes': False}).hosts) == ['kvm-app', 'xen-app']


def test_each_region_is_read_and_one_name_in_two_regions_is_an_error(parse, ncp):
    expect_region(ncp, [KVM_APP], [], [])
    expect_region(ncp, [raw_server('3912302', 'kvm-app', region='SGN', zone='SGN-1')], [], [], region='SGN')
    with pytest.raises(
        AnsibleParserError,
        match=r"servers 2912302 \(kvm-app, KR\) and 3912302 \(kvm-app, SGN\) are both named "
        r"'kvm-app' by hostname=server_name: set hostname: server_instance_no",
    ):
        parse({'regions': ['KR', 'SGN']})


def test_regions_by_number_hold_servers_of_both(parse, ncp):
    expect_region(ncp, [KVM_APP], [], None)
    expect_region(ncp, [raw_server('3912302', 'kvm-app', region='SGN', zone='SGN-1')], [], None, region='SGN')
    inventory = parse(
        {
            'regions': ['KR', 'SGN', 'KR'],
            'hostname': 'server_instance_no',
            'include_volumes': False,
            'keyed_groups': [{'key': 'ncloud_region', 'prefix': 'region'}],
        }
    )
    assert groups_of(inventory)['region_SGN'] == ['3912302'] and groups_of(inventory)['region_KR'] == ['2912302']


def test_the_region_comes_from_ncloud_region_when_no_regions_are_set(parse, ncp, monkeypatch):
    monkeypatch.setenv('NCLOUD_REGION', 'JPN')
    expect_region(ncp, [], [], None, region='JPN')
    assert parse({}).hosts == {}


@pytest.mark.parametrize(
    'options, message',
    [
        ({'regions': ['kr']}, "regions must hold NCP region codes .* got 'kr'"),
        ({'server_instance_nos': ['29123a']}, r"server_instance_nos must hold server instance numbers \(digits only\), got '29123a'"),
        ({'zones': ['']}, 'zones must be a list of non-empty strings'),
        ({'api_timeout': 0}, 'api_timeout must be from 1 to 3600, got 0'),
        ({'api_rate_limit': -1}, 'api_rate_limit must be more than 0'),
        ({'api_url': 'ftp://example.com'}, 'api_url must be an http:// or https:// URL'),
        ({'hostname': 'name'}, "Invalid value 'name' for config 'hostname'"),
        ({'connect_with': 'ipv6'}, "Invalid value 'ipv6' for config 'connect_with'"),
    ],
)
def test_bad_options_fail_before_any_request_naming_the_option(parse, ncp, options, message):
    with pytest.raises(AnsibleError, match=message):
        parse(options)
    assert ncp.sent == []


def test_missing_keys_fail_before_any_request(parse, ncp, monkeypatch):
    monkeypatch.delenv('NCLOUD_SECRET_KEY')
    with pytest.raises(AnsibleParserError, match='secret_key missing'):
        parse({})
    assert ncp.sent == []


def test_keys_come_from_the_ncloud_cli_configuration_when_the_environment_has_none(parse, ncp, monkeypatch, tmp_path):
    monkeypatch.delenv('NCLOUD_ACCESS_KEY')
    monkeypatch.delenv('NCLOUD_SECRET_KEY')
    (tmp_path / '.ncloud').mkdir()
    (tmp_path / '.ncloud' / 'configure').write_text('[DEFAULT]\nncloud_access_key_id = %s\nncloud_secret_access_key = %s\n' % (ACCESS_KEY, SECRET_KEY))
    expect_region(ncp, [], [], None)  # the scripted endpoint checks the request is signed with these keys
    assert parse({}).hosts == {}


def test_an_api_error_fails_the_inventory_without_the_secret(parse, ncp):
    ncp.expect(SERVERS, PAGE, reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed', 'details': 'Invalid key: ' + SECRET_KEY}}))
    with pytest.raises(AnsibleParserError) as failure:
        parse({'api_retries': 0})
    assert 'getServerInstanceList' in str(failure.value) and 'Authentication Failed' in str(failure.value)
    assert SECRET_KEY not in str(failure.value)


def test_a_throttled_listing_is_retried_with_the_modules_backoff(parse, ncp, clock):
    ncp.expect(SERVERS, PAGE, reply(429, {'error': {'errorCode': '420', 'message': 'Rate Limited'}}, headers={'Retry-After': '2'}))
    expect_region(ncp, [KVM_APP], [raw_nic('2912302', '10.0.1.12')], None)
    assert sorted(parse({'include_volumes': False, 'api_retries': 1}).hosts) == ['kvm-app']
    assert ncp.actions == [SERVERS, SERVERS, NICS] and sum(clock.sleeps) >= 2


def test_a_cached_inventory_is_read_from_the_cache_and_a_refresh_reads_ncp(parse, ncp, tmp_path):
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache')}
    expect_region(ncp, [KVM_APP], [raw_nic('2912302', '10.0.1.12')], [raw_volume('3081231', server='2912302')])
    first = parse(cache)
    assert ncp.actions == [SERVERS, NICS, VOLUMES]
    second = parse(cache)
    assert ncp.actions == [SERVERS, NICS, VOLUMES], 'the second parse sent requests'
    assert second.get_host('kvm-app').vars == first.get_host('kvm-app').vars
    assert SECRET_KEY not in ''.join(path.read_text() for path in (tmp_path / 'cache').iterdir())
    expect_region(ncp, [], [], None)
    assert parse(cache, cache=False).hosts == {}, 'a refresh (cache=False) must read NCP again'


def test_strict_makes_a_bad_compose_an_error(parse, ncp):
    expect_region(ncp, [KVM_APP], [], None)
    with pytest.raises(AnsibleError, match="Could not set x for host kvm-app: 'no_such_variable' is undefined"):
        parse({'include_volumes': False, 'strict': True, 'compose': {'x': 'no_such_variable.attr'}})


def test_only_files_named_ncloud_yml_are_the_plugins(tmp_path):
    plugin = inventory_loader.get('ncloud.vserver.ncloud')
    for name, mine in (('prod.ncloud.yml', True), ('ncloud.yaml', True), ('hosts.yml', False), ('ncloud.json', False)):
        (tmp_path / name).write_text('plugin: ncloud.vserver.ncloud\n')
        assert plugin.verify_file(str(tmp_path / name)) is mine, name
