"""Who acts, and through which channel. Every service takes an Actor; every change records both."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from fairmarket.kernel.errors import forbidden


class ActorKind(StrEnum):
    BUYER = "buyer"
    SELLER_USER = "seller_user"
    INTEGRATION = "integration"
    SYSTEM = "system"
    AGENT = "agent"
    SYSTEM_RULE = "system_rule"  # an automation rule; its label names the rule set, version, rule


class Channel(StrEnum):
    API = "api"
    SELLER_CENTER = "seller_center"
    CHATBOT = "chatbot"
    CLI = "cli"
    SYSTEM = "system"
    BUYER_API = "buyer_api"
    OPS_CONSOLE = "ops_console"
    SANDBOX = "sandbox"
    RULES = "rules"  # the rules engine deciding on an event


ALL_SCOPES = frozenset(
    {
        "orders:read",
        "orders:write",
        "after_sales:read",
        "after_sales:write",
        "disputes:write",
        "events:read",
        "webhooks:read",
        "webhooks:write",
        "rules:read",
        "rules:write",
        "exceptions:write",
        "api_keys:read",
        "api_keys:write",
    }
)
# Managing keys is never granted by default: a leaked key that could mint keys would outlive its
# revocation. A key with them may still only grant the scopes it has itself.
KEY_MANAGEMENT_SCOPES = frozenset({"api_keys:read", "api_keys:write"})


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    channel: Channel
    id: int | None = None
    seller_id: int | None = None
    buyer_id: int | None = None
    label: str = ""
    scopes: frozenset[str] = field(default_factory=frozenset)
    app_id: int | None = None  # a third-party app acting with a seller's OAuth grant

    @property
    def is_seller_side(self) -> bool:
        return self.kind in (ActorKind.SELLER_USER, ActorKind.INTEGRATION)

    @property
    def identity(self) -> str:
        """Who this is, for keys that must not be shared between principals (idempotency, chat
        confirmations): an app's grant ids and API key ids are both integration ids."""
        app = "" if self.app_id is None else f":app:{self.app_id}"
        return f"{self.kind.value}:{self.id}{app}"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


def system_actor(label: str = "system") -> Actor:
    return Actor(kind=ActorKind.SYSTEM, channel=Channel.SYSTEM, label=label, scopes=ALL_SCOPES)


def rule_actor(rule_set: str, version: int, rule_id: str | None) -> Actor:
    """The actor a rule decides as: `system_rule`, labelled with the rule that fired."""
    return Actor(
        kind=ActorKind.SYSTEM_RULE,
        channel=Channel.RULES,
        label=f"rule:{rule_set}@v{version}#{rule_id or 'default'}",
        scopes=ALL_SCOPES,
    )


def require_scope(actor: Actor, scope: str) -> None:
    """Refuse an action the actor's key or role does not allow, naming the missing scope."""
    if not actor.has_scope(scope):
        raise forbidden(
            "missing_scope",
            f"This action needs the '{scope}' permission; "
            f"ask the shop owner for a key or role that has it.",
        )
