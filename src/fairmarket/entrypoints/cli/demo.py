"""`fairmarket demo` and `fairmarket import olist`. (Stub: lands with the demo generator.)"""

from __future__ import annotations

import typer

import_app = typer.Typer(help="Import marketplace data.", no_args_is_help=True)


def demo() -> None:
    """Generate a realistic, deterministic marketplace and start the server."""
    typer.echo("The demo generator is not available yet.")
