"""`fairmarket apikeys ...`: create, list, revoke and rotate sellers' and buyers' API keys.

The CLI acts as the platform (a system actor): it reaches every key, and runs the same API key
capabilities as the API and Seller Center; errors go through the CLI's one DomainError mapping.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.domains.accounts.schemas import ApiKeyCreated, ApiKeyPage, ApiKeyRead, ApiKeyRotated
from fairmarket.entrypoints.cli.context import migrated_container
from fairmarket.entrypoints.cli.errors import exit_on_domain_error
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel

apikeys_app = typer.Typer(help="API keys for integrations and buyers.", no_args_is_help=True)
API_KEYS_CLI_ACTOR = Actor(
    kind=ActorKind.SYSTEM, channel=Channel.CLI, label="cli", scopes=ALL_SCOPES
)
LIST_PAGE_SIZE = 200

SellerOption = Annotated[int | None, typer.Option("--seller", help="Seller id.", min=1)]
BuyerOption = Annotated[int | None, typer.Option("--buyer", help="Buyer id.", min=1)]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]
KeyArgument = Annotated[int, typer.Argument(help="The key's id (see `apikeys list`).")]


def _run(name: str, raw: dict[str, Any]) -> Any:
    """Run the API key capability `name` in its own unit of work, as the platform."""
    capability = get_capability(name)
    with exit_on_domain_error(), migrated_container() as built:
        command = parse_command(capability, {k: v for k, v in raw.items() if v is not None})
        return run_capability(capability, built.uow_factory, API_KEYS_CLI_ACTOR, command)


def _echo_secret(created: ApiKeyCreated) -> None:
    typer.echo(f"API key (shown once, store it now): {created.key}")
    typer.echo(f"id: {created.id}  prefix: {created.prefix}  scopes: {' '.join(created.scopes)}")
    if created.expires_at is not None:
        typer.echo(f"expires: {created.expires_at:%Y-%m-%d %H:%M} UTC")


@apikeys_app.command("create")
def apikeys_create(  # every option is named on the command line
    *,
    seller: SellerOption = None,
    buyer: BuyerOption = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(
            help="A scope; repeat for more. Default: every scope of the owner's kind except "
            "api_keys:read and api_keys:write."
        ),
    ] = None,
    name: Annotated[str, typer.Option(help="A label for the key.")] = "integration",
    expires_in_days: Annotated[
        int | None, typer.Option(help="The key stops working after this many days.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create an API key. The key is printed once; only its hash is stored."""
    created: ApiKeyCreated = _run(
        "api_keys.create",
        {
            "seller_id": seller,
            "buyer_id": buyer,
            "name": name,
            "scopes": scope or None,
            "expires_in_days": expires_in_days,
        },
    )
    if as_json:
        typer.echo(created.model_dump_json(indent=2))
        return
    _echo_secret(created)


@apikeys_app.command("list")
def apikeys_list(
    seller: SellerOption = None, buyer: BuyerOption = None, as_json: JsonOption = False
) -> None:
    """List API keys (all, or one seller's or buyer's) with status and last use; no secrets."""
    keys: list[ApiKeyRead] = []
    cursor: str | None = None
    while True:
        raw = {"seller_id": seller, "buyer_id": buyer, "limit": LIST_PAGE_SIZE, "cursor": cursor}
        page: ApiKeyPage = _run("api_keys.list", raw)
        keys.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    if as_json:
        typer.echo(ApiKeyPage(items=keys, next_cursor=None).model_dump_json(indent=2))
        return
    if not keys:
        typer.echo("No API keys; `fairmarket apikeys create --seller ID` creates one.")
    for key in keys:
        typer.echo(_line(key))


def _line(key: ApiKeyRead) -> str:
    owner = f"seller {key.seller_id}" if key.seller_id is not None else f"buyer {key.buyer_id}"
    used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
    expires = f"  expires {key.expires_at:%Y-%m-%d %H:%M}" if key.expires_at else ""
    return (
        f"{key.id:>5}  {key.prefix}  {key.status.value:<8}  {owner:<10}  {key.name}  "
        f"last used {used}{expires}  [{' '.join(key.scopes)}]"
    )


@apikeys_app.command("revoke")
def apikeys_revoke(key_id: KeyArgument) -> None:
    """Revoke an API key at once (servers refuse it within 10 seconds)."""
    revoked: ApiKeyRead = _run("api_keys.revoke", {"key_id": key_id})
    typer.echo(f"API key {revoked.id} ({revoked.prefix}, {revoked.name}) is revoked.")


@apikeys_app.command("rotate")
def apikeys_rotate(
    key_id: KeyArgument,
    grace_hours: Annotated[
        int, typer.Option(help="How long the old key keeps working; 0 revokes it at once.")
    ] = 24,
    as_json: JsonOption = False,
) -> None:
    """Replace an API key with a new one (same owner, name and scopes), printed once."""
    rotated: ApiKeyRotated = _run("api_keys.rotate", {"key_id": key_id, "grace_hours": grace_hours})
    if as_json:
        typer.echo(rotated.model_dump_json(indent=2))
        return
    _echo_secret(rotated.new_key)
    old = rotated.old_key
    if old.revoked_at is not None:
        typer.echo(f"The old key {old.prefix} is revoked.")
    elif old.expires_at is not None:
        typer.echo(f"The old key {old.prefix} works until {old.expires_at:%Y-%m-%d %H:%M} UTC.")
