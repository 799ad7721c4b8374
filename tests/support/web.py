"""Signing in to a web area through its login form, as a browser does, and the cookies."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from itsdangerous import Signer

from fairmarket.domains.web_sessions.service import hash_token
from fairmarket.entrypoints.web.area_sessions import SIGNER_SALT

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, area: str, form: dict[str, str]) -> str:
    """Sign in to /{area} with the login form's fields; return the session's CSRF token."""
    token = csrf_token(client.get(f"/{area}/login").text)
    response = client.post(f"/{area}/login", data={**form, "csrf_token": token})
    assert response.status_code == 303, response.text
    return csrf_token(client.get(response.headers["location"]).text)


def stored_token_hash(cookie: str, secret_key: str) -> str:
    """The web_sessions.token_hash of the session a cookie names."""
    return hash_token(Signer(secret_key, salt=SIGNER_SALT).unsign(cookie).decode())
