"""Forwarded headers count only on connections from the configured proxy (hiring/proxy.py)."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from hiring.app import create_app
from hiring.config import ConfigError
from hiring.proxy import TrustedProxyFix, parse_networks

PROXY = "10.0.0.10"


@Request.application
def echo(request: Request) -> Response:
    return Response(f"{request.remote_addr} {request.scheme} "
                    f"{request.headers.get('X-Forwarded-For', '-')}")


def seen(peer: str, **headers: str) -> str:
    app = TrustedProxyFix(echo, 1, parse_networks("10.0.0.8/29, ::1"))
    environ: dict[str, Any] = {"REMOTE_ADDR": peer}
    response = Client(app).get("/", headers=headers, environ_overrides=environ)
    return response.get_data(as_text=True)


def test_the_proxy_names_the_client_and_the_scheme() -> None:
    assert seen(PROXY, **{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
                ) == "203.0.113.9 https 203.0.113.9"


def test_from_any_other_peer_the_headers_are_dropped() -> None:
    assert seen("10.0.0.99", **{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
                ) == "10.0.0.99 http -"
    assert seen("", **{"X-Forwarded-For": "203.0.113.9"}) == " http -"  # no address at all


@pytest.mark.parametrize("value", ["10.0.0.300", "proxy.example.com", "10.0.0.0/33"])
def test_a_bad_proxy_address_is_refused_at_start(tmp_path, monkeypatch, value: str) -> None:
    monkeypatch.setenv("HIRING_TRUSTED_PROXY_ADDRESSES", value)
    with pytest.raises(ConfigError, match=r"TRUSTED_PROXY_ADDRESSES.*is not an IP"):
        create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3"})


def test_proxy_addresses_from_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HIRING_TRUSTED_PROXY_ADDRESSES", "10.0.0.10,10.0.1.0/24")
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert [str(n) for n in app.config["TRUSTED_PROXY_ADDRESSES"]] == ["10.0.0.10/32",
                                                                     "10.0.1.0/24"]
