"""`fairmarket chat` (talk to the Seller Chatbot as a seller) and `fairmarket chat interpret`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from fairmarket.bootstrap import Container
from fairmarket.domains.accounts.service import actor_for_seller_email
from fairmarket.entrypoints.chatbot.dialog import ChatState, ChatTurn, converse
from fairmarket.entrypoints.chatbot.interpreter import interpret
from fairmarket.entrypoints.cli.context import migrated_container
from fairmarket.kernel.actors import Actor, Channel

chat_app = typer.Typer(help="Talk to the Seller Chatbot, or inspect how it understands messages.")
EXIT_WORDS = frozenset({"exit", "quit", "bye", ":q"})


def seller_actor(container: Container, email: str) -> Actor:
    with container.uow_factory(read_only=True) as uow:
        actor = actor_for_seller_email(uow, email, Channel.CHATBOT)
    if actor is None:
        typer.echo(
            f"error: no seller user has the login {email!r}; `fairmarket sellers list` shows them.",
            err=True,
        )
        raise typer.Exit(4)
    return actor


@chat_app.callback(invoke_without_command=True)
def chat(
    context: typer.Context,
    seller_email: Annotated[
        str | None, typer.Option(help="Chat as this seller user (their login e-mail).")
    ] = None,
) -> None:
    """Chat with the Seller Chatbot as a seller user; type 'exit' to leave."""
    if context.invoked_subcommand is not None:
        return
    if not seller_email:
        typer.echo(
            "error: give --seller-email, e.g. fairmarket chat --seller-email you@shop.example"
        )
        raise typer.Exit(2)
    with migrated_container() as container:
        talk(container, seller_actor(container, seller_email))


def talk(container: Container, actor: Actor) -> None:
    typer.echo(f"Chatting as {actor.label}. Type 'exit' to leave.")
    state = ChatState()
    for line in sys.stdin:
        message = line.rstrip("\n")
        if message.strip().lower() in EXIT_WORDS:
            break
        turn = converse(container.uow_factory, actor, state, message)
        typer.echo(render(turn))
        state = turn.state


def render(turn: ChatTurn) -> str:
    prefix = f"error [{turn.error_code}]: " if turn.status == "error" else ""
    problems = "".join(f"\n  {p.field}: {p.message}" for p in turn.errors)
    return f"bot> {prefix}{turn.reply}{problems}"


@chat_app.command("interpret")
def interpret_lines() -> None:
    """Read one message per line on standard input; print one JSON interpretation per line."""
    for line in sys.stdin:
        result = interpret(line.rstrip("\n"))
        typer.echo(json.dumps(result.model_dump(), ensure_ascii=False))
