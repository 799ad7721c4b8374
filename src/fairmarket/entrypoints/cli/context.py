"""What a CLI command works in: settings that passed their checks (else what to fix, exit 2),
and a container on a migrated database (else what to run, exit 3), its engine disposed after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import ValidationError

from fairmarket.bootstrap import Container, DatabaseNotMigratedError, bootstrap, require_migrated
from fairmarket.settings import Settings

EXIT_BAD_SETTINGS = 2
EXIT_NOT_MIGRATED = 3


def load_settings(**overrides: Any) -> Settings:
    """The settings from the environment (and .env); a refused one is explained, not traced."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        for problem in error.errors():
            field = "_".join(str(part) for part in problem["loc"]).upper()
            where = f"FAIRMARKET_{field}: " if field else ""
            message = str(problem["msg"]).removeprefix("Value error, ")
            typer.echo(f"error: {where}{message}", err=True)
        raise typer.Exit(EXIT_BAD_SETTINGS) from error


@contextmanager
def migrated_container() -> Iterator[Container]:
    built = bootstrap(load_settings())
    try:
        try:
            require_migrated(built)
        except DatabaseNotMigratedError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(EXIT_NOT_MIGRATED) from error
        yield built
    finally:
        built.engine.dispose()
