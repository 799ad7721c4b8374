"""The one place Seller Center turns a DomainError into an HTTP status and on-page messages.

The texts are the DomainError's own, so a seller reads exactly what an API client gets in the
problem+json `detail` and `errors[].message` for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fairmarket.kernel.errors import DomainError, ErrorKind

STATUS_BY_KIND = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.INVALID: 422,
    ErrorKind.RATE_LIMITED: 429,
}
TITLE_BY_STATUS = {
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    409: "Already changed",
    422: "Please check your input",
    429: "Too many requests",
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
        return TITLE_BY_STATUS.get(self.status, "Something went wrong")

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
