# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The servers of one region as inventory hosts: what the ncloud inventory plugin reads, in its host-variable shape.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Three paged listings a region, however many servers it has: the servers, their network
interfaces (a VPC server's private IP is its default interface's ``ip``, which the server object
does not carry; Go SDK services/vserver/network_interface.go) and every volume of the region,
grouped by server. Reading each server's interfaces or volumes one by one would cost a request a
server. Filters the API has go into the server listing; the rest are applied to what it returns.
"""

from __future__ import annotations

import fnmatch

from ._errors import ModuleError, readable
from ._paging import NUMBERS_PER_REQUEST, list_all
from ._result import code_of
from ._volume import SERVER_LIST_KEY, list_volumes
from ._volume_result import _digits

NIC_LIST_KEY = 'networkInterfaceList'


def check_filters(filters):
    """The filter options' rules (``filters``: each option's list), checked before anything is sent; each message names the option."""
    for option, values in filters.items():
        values = values or []
        if not isinstance(values, list) or not all(isinstance(value, str) and value for value in values):
            raise ModuleError('%s must be a list of non-empty strings, got %s' % (option, readable(repr(values), 80)))
    bad = [value for value in filters.get('server_instance_nos') or [] if not (value.isdigit() and value.isascii())]
    if bad:
        raise ModuleError('server_instance_nos must hold server instance numbers (digits only), got %s' % readable(repr(bad[0]), 40))


def _server_params(filters):
    """The server listing's own filters: numbers, hypervisors, and the status when there is just one."""
    params = {'serverInstanceNoList': filters.get('server_instance_nos') or None, 'hypervisorTypeCodeList': filters.get('hypervisor_types') or None}
    statuses = filters.get('statuses') or []
    if len(statuses) == 1:
        params['serverInstanceStatusCode'] = statuses[0]
    return params


def _matches(host, filters):
    """Whether a host passes the filters (an empty filter passes everything).

    The hypervisor and single-status filters were sent with the listing too; checking them again costs nothing.
    """
    checks = (
        ('zones', host['ncloud_zone']),
        ('statuses', host['ncloud_status']),
        ('hypervisor_types', host['ncloud_hypervisor_type']),
        ('server_spec_codes', host['ncloud_server_spec_code']),
    )
    if any(filters.get(option) and value not in filters[option] for option, value in checks):
        return False
    patterns = filters.get('name_patterns') or []
    return not patterns or any(fnmatch.fnmatchcase(host['ncloud_server_name'] or '', pattern) for pattern in patterns)


def _text(raw, field):
    value = raw.get(field)
    if value is not None and not isinstance(value, str):
        raise ModuleError('NCP replied with a server whose %s is %s, which this plugin cannot read' % (field, readable(repr(value), 80)))
    return value or None


def to_host(raw, region):
    """A server NCP sent, as host variables (docs of the ncloud inventory plugin); IPs and volumes come later."""
    spec = _text(raw, 'serverSpecCode')
    return {
        'ncloud_server_instance_no': _digits(raw, 'serverInstanceNo', required=True),
        'ncloud_server_name': _text(raw, 'serverName'),
        'ncloud_description': _text(raw, 'serverDescription') or '',
        'ncloud_region': _text(raw, 'regionCode') or region,
        'ncloud_zone': _text(raw, 'zoneCode'),
        'ncloud_hypervisor_type': code_of(raw.get('hypervisorType')),
        'ncloud_status': code_of(raw.get('serverInstanceStatus')),
        'ncloud_operation': code_of(raw.get('serverInstanceOperation')),
        # The Go SDK's ServerInstance has both: the spec code where NCP sends one, else the product code.
        'ncloud_server_spec_code': spec or _text(raw, 'serverProductCode'),
        'ncloud_server_product_code': _text(raw, 'serverProductCode'),
        'ncloud_cpu_count': raw.get('cpuCount'),
        'ncloud_memory_size': raw.get('memorySize'),
        'ncloud_vpc_no': _text(raw, 'vpcNo'),
        'ncloud_subnet_no': _text(raw, 'subnetNo'),
        'ncloud_public_ip': _text(raw, 'publicIp'),
        'ncloud_private_ip': None,
        'ncloud_network_interface_nos': [str(no) for no in raw.get('networkInterfaceNoList') or []],
        'ncloud_block_storages': [],
    }


def _private_ips(client, hosts, deadline):
    """Each server's private IP, by server number: the ``ip`` of its default interface (``isDefault``), else of its
    ``eth0`` (Terraform orders a server's interfaces by device name), else of the first one listed."""
    nic_nos = [no for host in hosts for no in host['ncloud_network_interface_nos']]
    if not nic_nos:
        return {}
    # A few interfaces by number in one request; more would take a request per 100 numbers, while the region's whole
    # listing takes one per 1,000 interfaces (some of them not servers', such as load balancers'; they are skipped).
    params = {'networkInterfaceNoList': nic_nos} if len(nic_nos) <= NUMBERS_PER_REQUEST else {}
    nics = list_all(client, 'getNetworkInterfaceList', params, NIC_LIST_KEY, 'networkInterfaceNo', deadline)
    by_no = {nic.get('networkInterfaceNo'): nic for nic in nics}
    ips = {}
    for host in hosts:
        mine = [by_no[no] for no in host['ncloud_network_interface_nos'] if no in by_no]
        chosen = [nic for nic in mine if nic.get('isDefault')] or [nic for nic in mine if nic.get('deviceName') == 'eth0'] or mine
        if chosen and chosen[0].get('ip'):
            ips[host['ncloud_server_instance_no']] = chosen[0]['ip']
    return ips


def read_region(client, filters, include_volumes=True, deadline=None):
    """The hosts of the client's region that pass ``filters``, by server number, with IPs and (if asked) volumes."""
    raws = list_all(client, 'getServerInstanceList', _server_params(filters), SERVER_LIST_KEY, 'serverInstanceNo', deadline)
    hosts = [host for host in (to_host(raw, client.region) for raw in raws) if _matches(host, filters)]
    hosts.sort(key=lambda host: int(host['ncloud_server_instance_no']))
    private_ips = _private_ips(client, hosts, deadline)
    for host in hosts:
        host['ncloud_private_ip'] = private_ips.get(host['ncloud_server_instance_no'])
    if include_volumes and hosts:
        by_server = {}
        for volume in list_volumes(client, deadline=deadline):
            by_server.setdefault(volume['server_instance_no'], []).append(volume)
        for host in hosts:
            host['ncloud_block_storages'] = by_server.get(host['ncloud_server_instance_no'], [])
    return hosts
