"""`fairmarket demo` and `fairmarket import olist`: a marketplace to explore, generated or real."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType
from typing import Annotated, Self

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from fairmarket.bootstrap import bootstrap
from fairmarket.db.migrate import upgrade
from fairmarket.demo.credentials import DemoCredentials, create_demo_credentials
from fairmarket.demo.generator import DemoDataExistsError, DemoResult, DemoSize, generate_demo
from fairmarket.demo.olist import import_olist, summary_lines
from fairmarket.demo.olist_csv import RowError, orders_file
from fairmarket.demo.rules import seed_demo_rules
from fairmarket.entrypoints.cli.context import load_settings
from fairmarket.entrypoints.cli.secret_key import provide_installation_secret
from fairmarket.entrypoints.server import run_server
from fairmarket.settings import Mode

import_app = typer.Typer(help="Import marketplace data.", no_args_is_help=True)


class RichProgress:
    """The generator's and importer's progress, drawn as rich progress bars on stderr."""

    def __init__(self) -> None:
        self._bars = Progress(
            TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(), transient=True
        )
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        self._bars.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._bars.stop()

    def stage(self, description: str, total: int) -> None:
        if self._task is not None:
            self._bars.update(self._task, completed=self._bars.tasks[-1].total)
        self._task = self._bars.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, amount)


def demo(
    *,
    seed: Annotated[int, typer.Option(help="Same seed, same marketplace.")] = 42,
    orders: Annotated[int, typer.Option(min=10, help="Orders over the last 90 days.")] = 20_000,
    reset: Annotated[
        bool, typer.Option(help="Empty the database first (--no-reset refuses a non-empty one).")
    ] = True,
    serve: Annotated[bool, typer.Option(help="Start the server afterwards.")] = True,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Generate a realistic, deterministic marketplace and start the server in sandbox mode."""
    # The demo is a sandbox: its clock can be moved and buyers and carriers simulated. The
    # server started below reads its settings from the environment, so set the mode there.
    # Sandbox mode refuses a guessable secret, so the installation gets its own (once).
    os.environ["FAIRMARKET_MODE"] = Mode.SANDBOX.value
    created_secret = provide_installation_secret()
    settings = load_settings()
    upgrade(settings.database_url)
    container = bootstrap(settings)
    started = time.perf_counter()
    try:
        with RichProgress() as progress:
            result = generate_demo(
                container.uow_factory,
                seed=seed,
                size=DemoSize(orders=orders),
                reset=reset,
                progress=progress,
            )
    except DemoDataExistsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(5) from error
    seed_demo_rules(container.uow_factory)
    elapsed = time.perf_counter() - started
    credentials = create_demo_credentials(
        container.uow_factory, seller_id=result.demo_seller_id, buyer_id=result.demo_buyer_id
    )
    container.engine.dispose()
    for line in demo_printout(result, credentials, base_url=f"http://{host}:{port}"):
        typer.echo(line)
    typer.echo(f"(generated in {elapsed:.1f} s)")
    if created_secret is not None:
        typer.echo(
            f"Web sessions are signed with a new secret in {created_secret} (kept for later "
            "runs; `fairmarket serve` reads it when FAIRMARKET_SECRET_KEY is not set)."
        )
    if serve:
        run_server(host=host, port=port)


def demo_printout(result: DemoResult, credentials: DemoCredentials, *, base_url: str) -> list[str]:
    counts = result.counts
    pending = result.pending_requests
    lines = [
        f"Fairmarket demo marketplace (seed {result.seed}, sandbox mode)",
        f"  {counts.get('sellers', 0)} sellers, {counts.get('buyers', 0):,} buyers, "
        f"{counts.get('products', 0):,} products, {counts.get('orders', 0):,} orders, "
        f"{counts.get('after_sale_requests', 0):,} after-sale requests "
        f"({counts.get('refunds', 0):,} refunds)",
        "",
        f"Seller Center   {base_url}/seller/login",
        f"  login         {result.demo_seller_email}  password: {result.demo_password}",
        f"Seller API key  {credentials.seller_api_key}",
        f"Buyer API key   {credentials.buyer_api_key}  (buyer {result.demo_buyer_id})",
        f"Buyer pages     {base_url}/buyer/login  (sign in with the buyer API key)",
        f"Ops Console     {base_url}/ops/login",
        f"  login         {credentials.agent_email}  password: {credentials.agent_password}",
        f"Agent API key   {credentials.agent_api_key}  (/v1/rules, /v1/ops/exceptions)",
        f"API docs        {base_url}/docs",
        f"OpenAPI         {base_url}/openapi.json",
        f"Sandbox clock   {base_url}/v1/sandbox/clock  (move time to watch deadlines fire)",
        f"Rules           {base_url}/ops/rules  (active rule sets decide new requests)",
        f"Exception queue {base_url}/ops/exceptions",
        "",
        "Orders with a pending cancellation request (demo seller):",
        *(
            f"  order {p.order_number}  request {p.request_id}  "
            f"deadline {p.deadline:%Y-%m-%d %H:%M} UTC"
            for p in pending
        ),
    ]
    if result.open_by_status:
        lines.append("Open after-sale requests (demo seller), by status:")
        lines.append("  " + ", ".join(f"{s} {n}" for s, n in sorted(result.open_by_status.items())))
    return lines + _examples(result, credentials, base_url)


def _examples(result: DemoResult, credentials: DemoCredentials, base_url: str) -> list[str]:
    seller_auth = f'-H "Authorization: Bearer {credentials.seller_api_key}"'
    lines = [
        "",
        "Try the API:",
        f"  curl -s {seller_auth} '{base_url}/v1/after-sales?status=pending'",
        f"  curl -s {seller_auth} '{base_url}/v1/after-sales/state-machines'",
    ]
    if result.pending_requests:
        first = result.pending_requests[0]
        lines.append(
            f"  curl -s -X POST {seller_auth} -H 'Idempotency-Key: demo-approve-{first.request_id}'"
            f" {base_url}/v1/after-sales/{first.request_id}/approve"
        )
    if result.buyer_cancellable_order is not None:
        lines.append(
            f'  curl -s -X POST -H "Authorization: Bearer {credentials.buyer_api_key}" '
            f"-H 'Idempotency-Key: demo-request-1' -H 'Content-Type: application/json' "
            f'-d \'{{"reason": "changed_mind"}}\' '
            f"{base_url}/v1/buyer/orders/{result.buyer_cancellable_order}/after-sales/cancellation"
        )
    agent_auth = f'-H "Authorization: Bearer {credentials.agent_api_key}"'
    lines += [
        f"  curl -s {agent_auth} '{base_url}/v1/rules'",
        f"  curl -s {seller_auth} '{base_url}/v1/after-sales/REQUEST_ID/decision'"
        "   # why a request was decided so",
    ]
    return [
        *lines,
        "",
        "Chat with the Seller Chatbot:",
        f"  fairmarket chat --seller-email {result.demo_seller_email}",
        f"  or POST {base_url}/v1/chat with the seller API key, e.g. "
        '{"message": "show pending cancellations"}',
    ]


@import_app.command("olist")
def import_olist_command(
    path: Annotated[Path, typer.Argument(help="An Olist CSV file, or the folder holding it.")],
) -> None:
    """Import Olist orders (idempotent: orders already imported are skipped)."""
    if not orders_file(path).is_file():
        typer.echo(f"error: no Olist orders file at {orders_file(path)}", err=True)
        raise typer.Exit(4)
    settings = load_settings()
    upgrade(settings.database_url)
    container = bootstrap(settings)
    try:
        with RichProgress() as progress:
            report = import_olist(container.uow_factory, path, progress=progress)
    except RowError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    finally:
        container.engine.dispose()
    for line in summary_lines(report):
        typer.echo(line)
