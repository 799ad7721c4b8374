"""`fairmarket openapi`: the Seller API's OpenAPI document, for linters and client generators."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated, Any

import typer

from fairmarket.bootstrap import bootstrap
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.clock import SystemClock
from fairmarket.settings import Mode, Settings


def openapi_document(*, sandbox: bool) -> dict[str, Any]:
    """The document as a deployment serves it at /openapi.json (with the sandbox's paths when
    `sandbox`), built without a database: the document needs none."""
    settings = Settings(
        mode=Mode.SANDBOX if sandbox else Mode.PRODUCTION,
        database_url="sqlite://",
        secret_key=secrets.token_urlsafe(48),  # throwaway: nothing is signed here
        embedded_worker=False,
        _env_file=None,
    )
    container = bootstrap(settings, clock=SystemClock())
    try:
        return create_app(container).openapi()
    finally:
        container.engine.dispose()


def openapi(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    sandbox: Annotated[
        bool, typer.Option(help="Include the sandbox-only paths (clock, simulations).")
    ] = True,
) -> None:
    """Print the OpenAPI 3.1 document the API serves at /openapi.json."""
    text = json.dumps(openapi_document(sandbox=sandbox), indent=2, sort_keys=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {output}")
