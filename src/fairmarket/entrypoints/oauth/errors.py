"""The one mapping from a DomainError to an RFC 6749 error (Authlib's error classes build the
JSON body, the status, the WWW-Authenticate header and the error redirect)."""

from __future__ import annotations

from authlib.oauth2.rfc6749.errors import InvalidClientError, OAuth2Error
from starlette.responses import JSONResponse, RedirectResponse, Response

from fairmarket.kernel.errors import DomainError

RFC_6749_CODES = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "invalid_scope",
        "unsupported_grant_type",
        "unsupported_response_type",
    }
)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def oauth_error(
    error: DomainError, *, state: str = "", redirect_uri: str | None = None
) -> OAuth2Error:
    """Any other domain error (a malformed field, say) is an invalid_request."""
    details: dict[str, object] = {
        "description": _ascii(error.message),
        "state": state or None,
        "redirect_uri": redirect_uri,
    }
    if error.code == "invalid_client":
        return InvalidClientError(**details)  # its WWW-Authenticate challenge
    code = error.code if error.code in RFC_6749_CODES else "invalid_request"
    return OAuth2Error(error=code, status_code=400, **details)


def error_response(error: OAuth2Error) -> Response:
    """The token endpoint's JSON error (RFC 6749 5.2), never cached."""
    headers = {**NO_STORE, **dict(error.get_headers())}
    headers.pop("Content-Type", None)
    return JSONResponse(dict(error.get_body()), status_code=error.status_code, headers=headers)


def error_redirect(error: OAuth2Error) -> Response:
    """Back to the app's (already verified) redirect URI with error and state (RFC 6749 4.1.2.1)."""
    _status, _body, headers = error()
    return RedirectResponse(dict(headers)["Location"], status_code=302)


def _ascii(text: str) -> str:
    """error_description allows printable ASCII except double quotes and backslashes."""
    return "".join(c if 0x20 <= ord(c) <= 0x7E and c not in '"\\' else "'" for c in text)
