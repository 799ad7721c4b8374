"""The one place Seller Center turns a DomainError into an HTTP status and on-page messages.

The texts are the DomainError's own, so a seller reads exactly what an API client gets in the
problem+json `detail` and `errors[].message` for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fairmarket.entrypoints.web import i18n
from fairmarket.kernel.errors import DomainError, ErrorKind

STATUS_BY_KIND = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.INVALID: 422,
    ErrorKind.RATE_LIMITED: 429,
}
# Titles are msgids: translated when shown (`PageError.title`), in the page's language.
TITLE_BY_STATUS = {
    400: "Please check your input",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Not available this way",
    409: "Already changed",
    422: "Please check your input",
    429: "Too many requests",
    500: "Something went wrong",
}


@dataclass(frozen=True)
class PageError:
    """What a page shows for a failed action: a message on top, and one next to each field."""

    status: int
    code: str
    message: str
    form: str = ""  # which form on the page the error belongs to
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return i18n.gettext(TITLE_BY_STATUS.get(self.status, "Something went wrong"))

    def for_form(self, form: str) -> PageError | None:
        return self if self.form == form else None


def page_error(error: DomainError, form: str = "") -> PageError:
    fields: dict[str, str] = {}
    for problem in error.field_problems:
        joined = f"{fields[problem.field]}; {problem.message}" if problem.field in fields else ""
        fields[problem.field] = joined or problem.message
    return PageError(
        status=STATUS_BY_KIND[error.kind],
        code=error.code,
        message=error.message,
        form=form,
        fields=fields,
    )


def csrf_error() -> PageError:
    return PageError(
        status=403,
        code="csrf_token_invalid",
        message="This form was not sent from your current Seller Center page (its security token "
        "is missing or out of date), so nothing was changed. Go back, reload the page and "
        "submit it again.",
    )


def http_error(status: int, request_id: str = "") -> PageError:
    """What a browser sees for an address or method no page serves, or for our own failure."""
    if status == 404:
        message = i18n.gettext(
            "There is no page at this address. Check the link, or start again from the link below."
        )
    elif status == 405:
        message = i18n.gettext(
            "This page cannot be opened that way. Go back and use the page's own links and buttons."
        )
    elif status >= 500:
        message = i18n.gettext(
            "Something went wrong on our side. Try again in a moment; if it keeps "
            "happening, contact support quoting reference %(reference)s."
        ) % {"reference": request_id or "-"}
    else:
        message = i18n.gettext(
            "This request could not be handled. Go back, reload the page and try again."
        )
    return PageError(status=status, code=f"http_{status}", message=message)
