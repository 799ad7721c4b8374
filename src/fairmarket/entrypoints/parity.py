"""The capability x channel matrix: every seller capability must be served by every channel.

The one exception: a capability may declare why the chatbot does not offer it (`not_in_chat`,
e.g. it shows a secret); its chatbot cell then says so instead of being a gap.

Each cell is read off the real channel, not a declaration: the API cell is a route on the built
application, the Seller Center cell is a bound route that exists on the application, and the
chatbot cell is the interpreter routing the capability's own example phrasings to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from starlette.routing import BaseRoute

from fairmarket.bootstrap import bootstrap
from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import seller_capabilities
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.chatbot.interpreter import supported_capabilities
from fairmarket.entrypoints.web.app import SELLER_CENTER_BINDINGS
from fairmarket.settings import Settings


@dataclass(frozen=True)
class ParityRow:
    capability: str
    channels: dict[str, str | None]  # channel -> where it is served, None when missing

    @property
    def gaps(self) -> list[str]:
        return [channel for channel, where in self.channels.items() if where is None]


def parity_matrix(app: FastAPI | None = None) -> list[ParityRow]:
    if app is None:
        app = create_app(bootstrap(Settings(database_url="sqlite://", _env_file=None)))
    routes = _routes_by_name(app.routes)
    chatbot = set(supported_capabilities())
    rows = []
    for capability in seller_capabilities():
        api = routes.get(capability.name)
        bound = SELLER_CENTER_BINDINGS.get(capability.name)
        web = routes.get(bound) if bound else None
        cells = {
            "api": api,
            "seller_center": web,
            "chatbot": _chat_cell(capability, chatbot),
        }
        rows.append(ParityRow(capability.name, cells))
    return rows


def _chat_cell(capability: Capability, chatbot: set[str]) -> str | None:
    """Served by the chat endpoint, or declared absent with a reason; else a gap."""
    if capability.name in chatbot:
        return "POST /v1/chat"
    return f"not offered: {capability.not_in_chat}" if capability.not_in_chat else None


def _routes_by_name(routes: list[BaseRoute], prefix: str = "") -> dict[str, str]:
    """Every named route, including those inside included routers (nested in this FastAPI)."""
    found: dict[str, str] = {}
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            found.update(_routes_by_name(nested.routes, prefix + getattr(route, "prefix", "")))
            continue
        name = getattr(route, "name", None)
        path = getattr(route, "path", None)
        methods = "/".join(sorted(getattr(route, "methods", None) or []))
        if name and path is not None:
            found.setdefault(name, f"{methods} {prefix}{path}".strip())
    return found
