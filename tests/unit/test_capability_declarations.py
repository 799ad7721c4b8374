"""The catalogue's declarations: one module per domain, assembled by the registry, and the chat
intent each chat capability declares (its area and its training phrasings)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter

import pytest

from fairmarket import capabilities
from fairmarket.capabilities.after_sales import request_action
from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.capabilities.exports import EXPORT_CAPABILITIES
from fairmarket.capabilities.registry import CAPABILITIES, chat_capabilities
from fairmarket.capabilities.sandbox import SANDBOX_CAPABILITIES
from fairmarket.domains.after_sales.schemas import ShipReturn

MIN_PHRASINGS = 10
# Each domain module and the lists it exports, in the registry's (the OpenAPI document's) order.
DOMAIN_LISTS = {
    "orders": ("ORDER_CAPABILITIES",),
    "buyer": ("BUYER_ORDER_CAPABILITIES", "BUYER_AFTER_SALE_CAPABILITIES"),
    "after_sales": ("AFTER_SALE_CAPABILITIES",),
    "ops": ("OPS_CAPABILITIES",),
    "rules": ("RULES_CAPABILITIES",),
    "api_keys": ("API_KEY_CAPABILITIES",),
    "events": ("EVENT_CAPABILITIES",),
    "webhooks": ("WEBHOOK_CAPABILITIES",),
}
REGISTRY_ORDER = (
    ("orders", "ORDER_CAPABILITIES"),
    ("buyer", "BUYER_ORDER_CAPABILITIES"),
    ("after_sales", "AFTER_SALE_CAPABILITIES"),
    ("buyer", "BUYER_AFTER_SALE_CAPABILITIES"),
    ("ops", "OPS_CAPABILITIES"),
    ("rules", "RULES_CAPABILITIES"),
    ("api_keys", "API_KEY_CAPABILITIES"),
    ("events", "EVENT_CAPABILITIES"),
    ("webhooks", "WEBHOOK_CAPABILITIES"),
)
# Mounted by the API on their own (sandbox mode only; streamed exports), not in the registry.
SEPARATE_LISTS = {"sandbox": "SANDBOX_CAPABILITIES", "exports": "EXPORT_CAPABILITIES"}
NOT_DECLARATIONS = {"catalogue", "registry", "home_cards"}  # home_cards: the home page's providers
EVERY_DECLARED = (*CAPABILITIES, *SANDBOX_CAPABILITIES, *EXPORT_CAPABILITIES)
CODE_WORD = re.compile(r"\b[a-z]+_[a-z_]+\b")


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def domain_list(module: str, name: str) -> tuple[Capability, ...]:
    declared: tuple[Capability, ...] = getattr(
        importlib.import_module(f"fairmarket.capabilities.{module}"), name
    )
    return declared


def test_every_module_of_the_package_is_a_known_domain_module() -> None:
    modules = {info.name for info in pkgutil.iter_modules(capabilities.__path__)}

    assert modules == {*DOMAIN_LISTS, *SEPARATE_LISTS, *NOT_DECLARATIONS}


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in DOMAIN_LISTS.items() for name in names]
    + list(SEPARATE_LISTS.items()),
)
def test_each_domain_module_exports_its_list(module: str, name: str) -> None:
    declared = domain_list(module, name)

    assert isinstance(declared, tuple)
    assert declared
    assert all(isinstance(capability, Capability) for capability in declared)


def test_the_registry_is_the_domain_lists_in_order_and_nothing_else() -> None:
    assembled = tuple(c for module, name in REGISTRY_ORDER for c in domain_list(module, name))

    assert assembled == CAPABILITIES
    assert sorted(REGISTRY_ORDER) == sorted(
        (module, name) for module, names in DOMAIN_LISTS.items() for name in names
    )


def test_capability_names_are_unique_across_every_list() -> None:
    counts = Counter(capability.name for capability in EVERY_DECLARED)

    assert [name for name, count in counts.items() if count > 1] == []


def test_every_declared_capability_has_a_plain_words_area() -> None:
    without = [c.name for c in EVERY_DECLARED if not c.area.strip()]

    assert without == []
    assert all(not CODE_WORD.search(c.area) for c in EVERY_DECLARED)


@pytest.mark.parametrize("capability", chat_capabilities(), ids=lambda c: c.name)
def test_every_chat_capability_has_enough_distinct_phrasings(capability: Capability) -> None:
    distinct = {normalised(phrasing) for phrasing in capability.phrasings}

    assert len(distinct) == len(capability.phrasings), "a phrasing is repeated"
    assert len(distinct) >= MIN_PHRASINGS
    assert all(phrasing.strip() == phrasing and phrasing for phrasing in capability.phrasings)


@pytest.mark.parametrize("capability", chat_capabilities(), ids=lambda c: c.name)
def test_every_chat_capability_describes_itself_in_plain_words(capability: Capability) -> None:
    assert capability.plain_description
    assert CODE_WORD.search(capability.plain_description) is None


def test_no_phrasing_is_shared_by_two_capabilities_or_is_another_ones_example() -> None:
    owners: dict[str, set[str]] = {}
    for capability in chat_capabilities():
        for text in (*capability.phrasings, *capability.examples):
            owners.setdefault(normalised(text), set()).add(capability.name)

    assert {text: names for text, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    "capability",
    [c for c in chat_capabilities() if any(f.endswith("_minor") for f in c.command.model_fields)],
    ids=lambda c: c.name,
)
def test_a_capability_with_money_is_phrased_with_amounts_in_several_forms(
    capability: Capability,
) -> None:
    forms = {
        "currency symbol": r"[$€£]\s?\d",
        "currency word": r"\d+\s?(bucks|dollars?|euros?|pounds?|cents)\b",
        "decimal comma": r"\d,\d\d\b",
        "decimal point": r"\d\.\d\d\b",
        "percentage": r"\d+\s?(%|percent)",
        "fraction in words": r"\b(half|quarter|third)\b",
    }
    text = " | ".join(capability.phrasings).lower()

    missing = [form for form, pattern in forms.items() if not re.search(pattern, text)]

    assert missing == []


def test_an_after_sale_action_is_named_and_routed_from_its_action_and_audience() -> None:
    seller = request_action("ship_return", ShipReturn, "Give the return's tracking.")
    buyer = request_action("ship_return", ShipReturn, "Give the return's tracking.", Audience.BUYER)

    assert (seller.name, seller.http_path, seller.audience) == (
        "after_sales.ship_return",
        "/v1/after-sales/{request_id}/ship-return",
        Audience.SELLER,
    )
    assert (buyer.name, buyer.http_path, buyer.audience) == (
        "buyer.after_sales.ship_return",
        "/v1/buyer/after-sales/{request_id}/ship-return",
        Audience.BUYER,
    )
    assert seller.writes
    assert seller.scope == "after_sales:write"
    assert seller.handler.__name__ == "after_sale_ship_return"
