"""The visitor's address, as far as the configured reverse proxies vouch for it.

Every per-address limit (login lockouts, rate limits) keys on `client_ip`. With no proxy
(TRUSTED_PROXY_COUNT=0) it is the socket's REMOTE_ADDR and X-Forwarded-For is ignored: any
client can write that header. Behind N proxies that each append the address they received the
request from (nginx's `$proxy_add_x_forwarded_for`), the client is the N-th entry from the
right of X-Forwarded-For: entries further left were written by the client and are ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

UNKNOWN = "unknown"


def client_ip(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies:
        # ipware counts the proxies *inside* the header (client, proxy1, …): ours append, so
        # the right-most of the N entries we trust is the last proxy's peer.
        ip, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
    else:
        ip, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    # No usable header (a request that bypassed the proxy): the socket's peer, never the header.
    return ip or request.META.get("REMOTE_ADDR") or UNKNOWN


def client_network(request: HttpRequest) -> str:
    """The address for budgets: IPv6 users get a whole /64 each, so we count per /64."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)
