"""The apps domain's error codes, declared once. OAuth 2.0 failures carry the RFC 6749 error
code itself, so the OAuth channel answers with it unchanged."""

from __future__ import annotations

from enum import StrEnum

from fairmarket.kernel.errors import DomainError, ErrorKind, FieldProblem


class AppErrorCode(StrEnum):
    # RFC 6749 section 4.1.2.1 and 5.2
    INVALID_REQUEST = "invalid_request"
    INVALID_CLIENT = "invalid_client"
    INVALID_GRANT = "invalid_grant"
    INVALID_SCOPE = "invalid_scope"
    UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"
    UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type"
    # Authorization requests that must never redirect (RFC 6749 section 4.1.2.1)
    UNKNOWN_CLIENT = "unknown_client"
    REDIRECT_URI_MISMATCH = "redirect_uri_mismatch"
    # Registration and Connected apps
    REDIRECT_URI_REFUSED = "redirect_uri_refused"
    UNKNOWN_SCOPE = "unknown_scope"
    GRANT_NOT_FOUND = "grant_not_found"


KIND_BY_CODE = {
    AppErrorCode.INVALID_CLIENT: ErrorKind.UNAUTHENTICATED,
    AppErrorCode.UNKNOWN_CLIENT: ErrorKind.NOT_FOUND,
    AppErrorCode.GRANT_NOT_FOUND: ErrorKind.NOT_FOUND,
}

# Authorization request errors raised only once the client and its redirect URI are verified:
# these go back to the app (RFC 6749 4.1.2.1); any other is shown to the seller instead.
REDIRECTABLE = frozenset(
    {
        AppErrorCode.INVALID_REQUEST,
        AppErrorCode.UNSUPPORTED_RESPONSE_TYPE,
        AppErrorCode.INVALID_SCOPE,
    }
)


def app_error(code: AppErrorCode, message: str, field_name: str | None = None) -> DomainError:
    """Messages stay within RFC 6749's error_description characters (printable ASCII without
    double quotes or backslashes), since the OAuth channel sends them unchanged."""
    problems = [FieldProblem(field_name, message, code.value)] if field_name else []
    kind = KIND_BY_CODE.get(code, ErrorKind.INVALID)
    return DomainError(code=code.value, message=message, kind=kind, field_problems=problems)
