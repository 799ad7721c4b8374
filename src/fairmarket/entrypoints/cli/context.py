"""The container a CLI command works in: migrated database required, engine disposed after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from fairmarket.bootstrap import Container, DatabaseNotMigratedError, bootstrap, require_migrated
from fairmarket.settings import Settings

EXIT_NOT_MIGRATED = 3


@contextmanager
def migrated_container() -> Iterator[Container]:
    built = bootstrap(Settings())
    try:
        try:
            require_migrated(built)
        except DatabaseNotMigratedError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(EXIT_NOT_MIGRATED) from error
        yield built
    finally:
        built.engine.dispose()
