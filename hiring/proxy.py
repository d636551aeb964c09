"""Forwarded headers, believed only when the connection comes from our own reverse proxy.

Werkzeug's ``ProxyFix`` takes the client's address and scheme from the last
``TRUSTED_PROXIES`` entries of ``X-Forwarded-For`` / ``-Proto``, whoever sent the request.
With several app servers behind a load balancer the app's port listens on a network, and
anyone who reaches it directly could write those headers: pick the address the login
throttle counts, or claim https. So the headers count only when the connection's own
address is one of ``TRUSTED_PROXY_ADDRESSES`` (the proxy's addresses or networks; by
default the loopback, for a proxy on the same machine); from any other peer they are
removed before the app sees them, and the connection's address and scheme stand.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
             "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_FORWARDED")


def parse_networks(value: str | Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks, comma- or space-separated text or a list (ValueError names a
    bad entry)."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(str(item).strip()))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return tuple(networks)


class TrustedProxyFix:
    """``ProxyFix`` for requests from the trusted proxy; forwarded headers dropped otherwise."""

    def __init__(self, app: Any, hops: int, proxies: tuple[Network, ...]) -> None:
        self.app = app
        self.proxies = proxies
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops)

    def from_proxy(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False  # no address (a Unix socket peer is not named here): not trusted
        return any(address in network for network in self.proxies)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.from_proxy(environ.get("REMOTE_ADDR") or ""):
            return self.fixed(environ, start_response)
        for name in FORWARDED:
            environ.pop(name, None)
        return self.app(environ, start_response)
