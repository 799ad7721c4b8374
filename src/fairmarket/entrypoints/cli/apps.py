"""`fairmarket apps`: the platform operator registers third-party apps (OAuth 2.0 clients)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from fairmarket.capabilities.catalogue import parse_input
from fairmarket.domains.apps.registration import list_apps, register_app
from fairmarket.domains.apps.schemas import AppRegister
from fairmarket.entrypoints.cli.context import migrated_container
from fairmarket.entrypoints.cli.errors import exit_on_domain_error
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.settings import Mode

apps_app = typer.Typer(
    help="Third-party apps that sellers connect with OAuth 2.0.", no_args_is_help=True
)
CLI_ACTOR = Actor(kind=ActorKind.SYSTEM, channel=Channel.CLI, label="cli", scopes=ALL_SCOPES)


@apps_app.command("register")
def apps_register(
    name: Annotated[str, typer.Option(help="The name sellers see on the consent page.")],
    redirect_uri: Annotated[
        list[str], typer.Option(help="An exact redirect URI (https); repeat for more.")
    ],
    scope: Annotated[list[str], typer.Option(help="A scope the app may ask for; repeat.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Register an app. Its client secret is printed once; only its hash is stored. Plain-http
    redirect URIs are accepted in development and sandbox mode only."""
    fields = {"name": name, "redirect_uris": redirect_uri, "scopes": scope}
    with exit_on_domain_error(), migrated_container() as built:
        command = parse_input(AppRegister, fields)
        allow_http = built.settings.mode is not Mode.PRODUCTION
        with built.uow_factory() as uow:
            app = register_app(uow, CLI_ACTOR, command, allow_http_redirects=allow_http)
    if as_json:
        typer.echo(app.model_dump_json(indent=2))
        return
    typer.echo(f"client_id: {app.client_id}")
    typer.echo(f"client_secret (shown once, store it now): {app.client_secret}")
    typer.echo(f"scopes: {' '.join(app.scopes)}")


@apps_app.command("list")
def apps_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List the registered apps (never their secrets)."""
    with migrated_container() as built, built.uow_factory(read_only=True) as uow:
        apps = list_apps(uow)
    if as_json:
        typer.echo(json.dumps([app.model_dump(mode="json") for app in apps], indent=2))
        return
    for app in apps:
        typer.echo(f"{app.id:>5}  {app.client_id}  {app.name}  [{' '.join(app.scopes)}]")
