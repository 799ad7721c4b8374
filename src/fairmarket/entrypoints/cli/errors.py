"""The one mapping from DomainError to a CLI message and exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from fairmarket.kernel.errors import DomainError, ErrorKind

EXIT_CODE_BY_KIND = {
    ErrorKind.INVALID: 2,
    ErrorKind.NOT_FOUND: 4,
    ErrorKind.CONFLICT: 5,
    ErrorKind.FORBIDDEN: 6,
    ErrorKind.UNAUTHENTICATED: 6,
    ErrorKind.RATE_LIMITED: 7,
}


@contextmanager
def exit_on_domain_error() -> Iterator[None]:
    try:
        yield
    except DomainError as error:
        typer.echo(f"error [{error.code}]: {error.message}", err=True)
        for problem in error.field_problems:
            typer.echo(f"  {problem.field}: {problem.message}", err=True)
        raise typer.Exit(EXIT_CODE_BY_KIND[error.kind]) from error
