"""The OpenAPI document and the documentation page: public, served by the app, strict CSP."""

from __future__ import annotations

import re

from hiring.security import CSP


def test_the_document_and_its_page_are_served_by_the_app(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    document = spec.get_json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    problem = document["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(problem) == ["application/problem+json"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"] == CSP
    html = page.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    assert all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "http" not in "".join(attrs for attrs, _ in scripts)
    with client.get("/static/js/api-docs.js") as script:
        assert script.status_code == 200


def test_an_unknown_api_address_is_a_problem_not_a_page(client):
    for path in ("/api/v1/nothing-here", "/api/v1/requisitions/1/nothing"):
        response = client.get(path)
        assert response.status_code in (401, 404)
        assert response.mimetype == "application/problem+json"
