"""`fairmarket`: database, server, demo, sellers, API keys, jobs, parity, chat, import."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from datetime import timedelta
from typing import Annotated

import typer

from fairmarket.bootstrap import (
    schema_drift,
)
from fairmarket.capabilities.catalogue import parse_input
from fairmarket.db.idempotency import purge_expired_keys
from fairmarket.db.migrate import upgrade
from fairmarket.domains.accounts.service import list_sellers
from fairmarket.domains.apps.jobs import purge_ended_app_credentials
from fairmarket.domains.ops.schemas import AgentCreate, AgentKeyCreate, AgentKeyRevoke
from fairmarket.domains.ops.service import create_agent, create_agent_key, revoke_agent_key
from fairmarket.domains.rules.jobs import run_rules_on_new_events, run_shipment_exception_check
from fairmarket.domains.web_sessions.jobs import purge_ended_web_sessions
from fairmarket.domains.webhooks.signing_secrets import encrypt_stored_secrets
from fairmarket.entrypoints.cli.api_keys import apikeys_app
from fairmarket.entrypoints.cli.apps import apps_app
from fairmarket.entrypoints.cli.chat import chat_app
from fairmarket.entrypoints.cli.context import load_settings, migrated_container
from fairmarket.entrypoints.cli.demo import demo, import_app
from fairmarket.entrypoints.cli.errors import exit_on_domain_error
from fairmarket.entrypoints.cli.openapi import openapi
from fairmarket.entrypoints.cli.rules import rules_app
from fairmarket.entrypoints.parity import parity_matrix
from fairmarket.entrypoints.server import run_server
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers, run_due_webhooks
from fairmarket.entrypoints.worker.runner import run_worker
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.settings import QueueKind

app = typer.Typer(
    help="Fairmarket: post-purchase governance for multi-seller marketplaces.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
sellers_app = typer.Typer(help="Sellers (shops).", no_args_is_help=True)
jobs_app = typer.Typer(help="Background jobs (deadlines, webhooks).", no_args_is_help=True)
agents_app = typer.Typer(help="Platform agents (Ops Console).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(sellers_app, name="sellers")
app.add_typer(apikeys_app, name="apikeys")
app.add_typer(jobs_app, name="jobs")
app.add_typer(agents_app, name="agents")
agent_keys_app = typer.Typer(help="API keys for agents' tools (fm_ak_...).", no_args_is_help=True)
agents_app.add_typer(agent_keys_app, name="key")
app.add_typer(chat_app, name="chat")
app.add_typer(import_app, name="import")
app.add_typer(rules_app, name="rules")
app.add_typer(apps_app, name="apps")
app.command()(demo)

CLI_ACTOR = Actor(kind=ActorKind.SYSTEM, channel=Channel.CLI, label="cli", scopes=ALL_SCOPES)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (safe to run again)."""
    settings = load_settings()
    upgrade(settings.database_url)
    with migrated_container() as container, container.uow_factory() as uow:
        sealed = encrypt_stored_secrets(uow)
    if sealed:
        typer.echo(f"encrypted the signing secrets of {sealed} webhook endpoint(s)")
    typer.echo("database is up to date")


@db_app.command("check")
def db_check() -> None:
    """Fail if the models and the migrations disagree (run on a migrated database)."""
    settings = load_settings()
    problems = schema_drift(settings.database_url)
    if problems:
        typer.echo("error: models and migrations differ; write a migration for:", err=True)
        for problem in problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1)
    typer.echo("models and migrations agree")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes.")] = 1,
) -> None:
    """Run the API, Seller Center and chat with the embedded deadline worker.

    In sandbox and production modes web sessions are signed with FAIRMARKET_SECRET_KEY or,
    when it is not set, the secret in var/secret_key (FAIRMARKET_SECRET_KEY_FILE), which
    `fairmarket demo` writes; a missing or guessable secret is refused before starting."""
    with migrated_container():
        pass  # refuse to start on an un-migrated database, before uvicorn takes over
    run_server(host=host, port=port, workers=workers)


@sellers_app.command("list")
def sellers_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List the sellers and their owners' logins."""
    with migrated_container() as built, built.uow_factory(read_only=True) as uow:
        sellers = list_sellers(uow)
    if as_json:
        typer.echo(json.dumps([s.model_dump() for s in sellers], indent=2))
        return
    for seller in sellers:
        typer.echo(
            f"{seller.id:>5}  {seller.region:<4} {seller.currency}  {seller.name}  "
            f"<{seller.owner_email or '-'}>"
        )


@agents_app.command("create")
def agents_create(
    email: Annotated[str, typer.Option(help="The agent's login e-mail.")],
    name: Annotated[str, typer.Option(help="The name shown on the agent's decisions.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, help="At least 12 characters.")
    ],
) -> None:
    """Create a platform agent who signs in to the Ops Console at /ops to decide disputes."""
    fields = {"email": email, "display_name": name, "password": password}
    with exit_on_domain_error(), migrated_container() as built:
        command = parse_input(AgentCreate, fields)
        with built.uow_factory() as uow:
            created = create_agent(uow, CLI_ACTOR, command)
    typer.echo(f"Agent {created.id} created: {created.display_name} <{created.email}>")


@agent_keys_app.command("create")
def agent_key_create(
    email: Annotated[str, typer.Option(help="The agent's login e-mail.")],
    scope: Annotated[
        list[str] | None, typer.Option(help="A scope; repeat for more. Default: every agent scope.")
    ] = None,
    name: Annotated[str, typer.Option(help="A label for the key.")] = "agent tools",
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Create an API key for an agent (rules and exception-queue endpoints); printed once."""
    fields: dict[str, object] = {"email": email, "name": name, "scopes": scope or None}
    with exit_on_domain_error(), migrated_container() as built:
        command = parse_input(AgentKeyCreate, fields)
        with built.uow_factory() as uow:
            created = create_agent_key(uow, CLI_ACTOR, command)
    if as_json:
        typer.echo(created.model_dump_json(indent=2))
        return
    typer.echo(f"Agent API key (shown once, store it now): {created.key}")
    typer.echo(f"prefix: {created.prefix}  scopes: {' '.join(created.scopes)}")


@agent_keys_app.command("revoke")
def agent_key_revoke(
    prefix: Annotated[str, typer.Argument(help="The key's prefix (the part after fm_ak_).")],
) -> None:
    """Revoke an agent API key; the API refuses it within seconds."""
    with exit_on_domain_error(), migrated_container() as built:
        command = parse_input(AgentKeyRevoke, {"prefix": prefix})
        with built.uow_factory() as uow:
            revoked = revoke_agent_key(uow, CLI_ACTOR, command)
    typer.echo(f"Agent key {revoked.prefix} of {revoked.agent_email} is revoked.")


@app.command()
def parity(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """Print the capability x channel matrix; exit 1 if any channel lacks a capability."""
    rows = parity_matrix()
    gaps = [(row.capability, channel) for row in rows for channel in row.gaps]
    if as_json:
        payload = {
            "capabilities": [{"capability": r.capability, "channels": r.channels} for r in rows],
            "gaps": [{"capability": c, "channel": ch} for c, ch in gaps],
        }
        typer.echo(json.dumps(payload, indent=2))
    else:
        channels = list(rows[0].channels) if rows else []
        typer.echo(f"{'capability':<24}" + "".join(f"{c:<16}" for c in channels))
        for row in rows:
            marks = "".join(f"{'yes' if row.channels[c] else 'MISSING':<16}" for c in channels)
            typer.echo(f"{row.capability:<24}{marks}")
        typer.echo("no gaps" if not gaps else f"{len(gaps)} gap(s)")
    if gaps:
        raise typer.Exit(1)


@jobs_app.command("run-due")
def jobs_run_due() -> None:
    """Fire every after-sale timer that is due now (warnings, timers, unshipped orders), let the
    rules decide on new trigger events, then send a batch of due webhooks."""
    with migrated_container() as built:
        batch_size = built.settings.worker_batch_size
        result = run_after_sale_timers(built.uow_factory, batch_size=batch_size)
        shipment_exceptions = run_shipment_exception_check(
            built.uow_factory, after_hours=built.settings.shipment_exception_hours
        )
        evaluated = run_rules_on_new_events(built.uow_factory, limit=batch_size)
        webhooks = run_due_webhooks(built.uow_factory, built.webhook_sender, batch_size=batch_size)
        ttl = timedelta(hours=built.settings.idempotency_key_ttl_hours)
        expired = purge_expired_keys(built.uow_factory, ttl)
        ended_sessions = purge_ended_web_sessions(built.uow_factory)
        ended_app_credentials = purge_ended_app_credentials(built.uow_factory)
    typer.echo(
        json.dumps(
            {
                **result.model_dump(),
                "shipment_exceptions": shipment_exceptions,
                "rule_evaluations": evaluated,
                **{f"webhook_{name}": count for name, count in asdict(webhooks).items()},
                "expired_idempotency_keys": expired,
                "ended_web_sessions": ended_sessions,
                "ended_app_credentials": ended_app_credentials,
            }
        )
    )


@app.command()
def worker(
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (redis queue; default 2).")
    ] = None,
    dispatch: Annotated[
        bool, typer.Option(help="Also find due work and enqueue it (one per deployment).")
    ] = True,
    consume: Annotated[bool, typer.Option(help="Run worker processes that fire it.")] = True,
) -> None:
    """Run background work: deadlines, warnings, auto-cancellations and webhooks.

    With FAIRMARKET_QUEUE=redis, a huey consumer with --workers processes on
    FAIRMARKET_REDIS_URL; with the default embedded queue, one loop in this process."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(message)s")
    settings = load_settings()
    if settings.queue is QueueKind.EMBEDDED and (workers or 1) > 1:
        typer.echo(
            "error: the embedded queue runs one loop; set FAIRMARKET_QUEUE=redis to run "
            f"{workers} worker processes, or leave --workers out.",
            err=True,
        )
        raise typer.Exit(2)
    run_worker(settings, workers=workers or 2, dispatch=dispatch, consume=consume)


app.command("openapi")(openapi)


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="fairmarket")
    sys.exit(0)
