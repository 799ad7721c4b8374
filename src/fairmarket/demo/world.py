"""The cast of the demo marketplace: sellers and their users, buyers, categories and products."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from fairmarket.demo.catalog import ADJECTIVES, CATEGORIES, COLOURS, CategorySpec
from fairmarket.demo.regions import REGIONS, SHOP_FIRST, SHOP_SECOND, Region
from fairmarket.demo.rows import Rows

DEMO_SELLER_NAME = "Harbor & Pine Goods"
DEMO_SELLER_EMAIL = "demo-seller@example.com"
DEMO_PASSWORD = "fairmarket-demo"  # noqa: S105 - a documented demo password, printed by the CLI
CHANNEL_PROFILES = (
    {"seller_center": 0.7, "chatbot": 0.1, "api": 0.2},
    {"seller_center": 0.15, "chatbot": 0.05, "api": 0.8},
    {"seller_center": 0.5, "chatbot": 0.4, "api": 0.1},
    {"seller_center": 0.45, "chatbot": 0.25, "api": 0.3},
)


@dataclass
class SellerCast:
    id: int
    region: Region
    slug: str
    owner_id: int
    owner_email: str
    channels: dict[str, float]
    users: list[tuple[int, str]] = field(default_factory=list)  # (user id, e-mail)
    products: list[tuple[int, str, int]] = field(default_factory=list)  # (id, title, price)


@dataclass
class World:
    sellers: list[SellerCast]
    seller_cum_weights: list[float]
    buyers_by_region: dict[str, list[int]]
    all_buyers: list[int]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (
        "".join(ch if ch.isalnum() else "-" for ch in plain.lower()).strip("-").replace("--", "-")
    )


def region_for(index: int, count: int) -> Region:
    """Spread `count` items over the regions in proportion to their seller counts."""
    expanded = [region for region in REGIONS for _ in range(region.sellers)]
    return expanded[index * len(expanded) // count]


def build_world(
    rng: random.Random,
    rows: Rows,
    *,
    now: datetime,
    sellers: int,
    buyers: int,
    products: int,
    password_hash: str,
) -> World:
    category_ids = [rows.add("categories", {"name": spec.name}) for spec in CATEGORIES]
    cast = [
        _add_seller(rng, rows, index, sellers, now=now, password_hash=password_hash)
        for index in range(sellers)
    ]
    _add_products(rng, rows, cast, category_ids, count=products, now=now)
    weights = [rng.paretovariate(1.3) for _ in cast]
    weights[0] = sum(weights) * 0.05  # the demo seller gets a busy, but not dominant, shop
    by_region: dict[str, list[int]] = {region.code: [] for region in REGIONS}
    for index in range(buyers):
        region = region_for(index, buyers)
        by_region[region.code].append(_add_buyer(rng, rows, region, now))
    return World(
        sellers=cast,
        seller_cum_weights=list(accumulate(weights)),
        buyers_by_region=by_region,
        all_buyers=[buyer for ids in by_region.values() for buyer in ids],
    )


def _add_seller(
    rng: random.Random,
    rows: Rows,
    index: int,
    count: int,
    *,
    now: datetime,
    password_hash: str,
) -> SellerCast:
    region = region_for(index, count)
    name = DEMO_SELLER_NAME if index == 0 else f"{rng.choice(SHOP_FIRST)} {rng.choice(SHOP_SECOND)}"
    created = now - timedelta(days=rng.randint(120, 1500))
    seller_id = rows.add(
        "sellers",
        {
            "name": name,
            "region": region.code,
            "currency": region.currency,
            "timezone": region.timezone,
            "created_at": created,
        },
    )
    slug = ascii_slug(name)
    owner_email = DEMO_SELLER_EMAIL if index == 0 else f"{slug}-{seller_id}@sellers.example.com"
    seller = SellerCast(
        id=seller_id,
        region=region,
        slug=slug,
        owner_id=0,
        owner_email=owner_email,
        channels=CHANNEL_PROFILES[3] if index == 0 else rng.choice(CHANNEL_PROFILES),
    )
    seller.owner_id = _add_user(
        rows, seller, owner_email, "owner", created=created, password_hash=password_hash
    )
    if index % 3 == 0:
        staff_email = f"staff-{seller_id}@sellers.example.com"
        _add_user(rows, seller, staff_email, "staff", created=created, password_hash=password_hash)
    return seller


def _add_user(
    rows: Rows,
    seller: SellerCast,
    email: str,
    role: str,
    *,
    created: datetime,
    password_hash: str,
) -> int:
    first = seller.region.first_names[seller.id % len(seller.region.first_names)]
    user_id = rows.add(
        "seller_users",
        {
            "seller_id": seller.id,
            "email": email,
            "name": f"{first} ({role})",
            "password_hash": password_hash,
            "role": role,
            "created_at": created,
        },
    )
    seller.users.append((user_id, email))
    return user_id


def _add_buyer(rng: random.Random, rows: Rows, region: Region, now: datetime) -> int:
    first, last = rng.choice(region.first_names), rng.choice(region.last_names)
    number = rows.count("buyers") + 1
    return rows.add(
        "buyers",
        {
            "name": f"{first} {last}",
            "email": f"{ascii_slug(first)}.{ascii_slug(last)}.{number}@buyers.example.com",
            "region": region.code,
            "created_at": now - timedelta(days=rng.randint(91, 1000), minutes=rng.randint(0, 1439)),
        },
    )


def _add_products(
    rng: random.Random,
    rows: Rows,
    cast: list[SellerCast],
    category_ids: list[int],
    *,
    count: int,
    now: datetime,
) -> None:
    focus = [rng.sample(range(len(CATEGORIES)), rng.randint(1, 3)) for _ in cast]
    for index in range(count):
        seller = cast[index % len(cast)]
        spec_index = rng.choice(focus[index % len(cast)])
        spec = CATEGORIES[spec_index]
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(spec.items)}, {rng.choice(COLOURS)}"
        price = local_price(rng, seller.region, spec)
        product_id = rows.add(
            "products",
            {
                "seller_id": seller.id,
                "category_id": category_ids[spec_index],
                "title": title,
                "price_minor": price,
                "currency": seller.region.currency,
                "created_at": now - timedelta(days=rng.randint(91, 700)),
            },
        )
        seller.products.append((product_id, title, price))


def local_price(rng: random.Random, region: Region, spec: CategorySpec) -> int:
    low, high = spec.price_usd
    usd_cents = int(rng.triangular(low, high, low + (high - low) / 4) * 100)
    return round_price(usd_cents * region.minor_per_usd_cent, region.price_step_minor)


def round_price(minor: float, step: int) -> int:
    rounded = max(step, round(minor / step) * step)
    return rounded - 1 if step == 100 else rounded
