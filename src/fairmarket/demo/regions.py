"""Regions the demo marketplace sells in: currency, timezone, names, carriers, price levels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    currency: str
    timezone: str
    utc_offset_hours: int  # approximate, only to shape the daily rhythm of orders
    sellers: int
    minor_per_usd_cent: float  # price level: minor units of the currency per US cent
    price_step_minor: int  # prices are rounded to this step, then end in "9"
    carriers: tuple[str, ...]
    tracking_format: str  # "{n}" is a zero-padded number
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "US",
        "USD",
        "America/New_York",
        -5,
        13,
        1.0,
        100,
        ("UPS", "USPS", "FedEx"),
        "1Z{n}",
        ("James", "Mary", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Mia", "Lucas"),
        ("Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Moore", "Lee"),
    ),
    Region(
        "GB",
        "GBP",
        "Europe/London",
        0,
        7,
        0.79,
        100,
        ("Royal Mail", "Evri", "DPD UK"),
        "RM{n}GB",
        ("Oliver", "Amelia", "George", "Isla", "Harry", "Poppy", "Jack", "Freya", "Arthur"),
        ("Taylor", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Edwards"),
    ),
    Region(
        "DE",
        "EUR",
        "Europe/Berlin",
        1,
        7,
        0.92,
        100,
        ("DHL", "Hermes", "DPD"),
        "00340{n}",
        ("Leon", "Emilia", "Paul", "Hannah", "Felix", "Lina", "Jonas", "Mila", "Lukas", "Lea"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"),
    ),
    Region(
        "BR",
        "BRL",
        "America/Sao_Paulo",
        -3,
        8,
        5.0,
        100,
        ("Correios", "Jadlog", "Loggi"),
        "BR{n}BR",
        ("Miguel", "Helena", "Arthur", "Alice", "Heitor", "Laura", "Davi", "Valentina", "Gael"),
        ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira"),
    ),
    Region(
        "ID",
        "IDR",
        "Asia/Jakarta",
        7,
        6,
        158.0,
        1000,
        ("JNE", "J&T Express", "SiCepat"),
        "JT{n}",
        ("Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Ayu", "Fajar", "Indah"),
        ("Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Kusuma", "Nugroho", "Lestari"),
    ),
    Region(
        "MY",
        "MYR",
        "Asia/Kuala_Lumpur",
        8,
        5,
        4.7,
        10,
        ("Pos Laju", "J&T Express", "Ninja Van"),
        "EM{n}MY",
        ("Ahmad", "Nur", "Wei Ling", "Muhammad", "Siti", "Arjun", "Mei", "Hafiz", "Aisyah"),
        ("Abdullah", "Tan", "Lim", "Rahman", "Wong", "Ismail", "Kumar", "Ng", "Lee"),
    ),
    Region(
        "MX",
        "MXN",
        "America/Mexico_City",
        -6,
        4,
        17.0,
        100,
        ("Estafeta", "DHL", "FedEx"),
        "MX{n}",
        ("Santiago", "Sofía", "Mateo", "Regina", "Sebastián", "Valeria", "Diego", "Camila"),
        ("Hernández", "García", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez"),
    ),
)

REGIONS_BY_CODE = {region.code: region for region in REGIONS}

SHOP_FIRST = (
    "Harbor",
    "Maple",
    "Blue Fern",
    "Copper",
    "Northwind",
    "Saffron",
    "Juniper",
    "Little Otter",
    "Golden Hour",
    "Riverstone",
    "Bright Lane",
    "Cedar",
    "Kite",
    "Lumen",
    "Sunday",
    "Wild Thyme",
    "Pebble",
    "Orchard",
    "Monsoon",
    "Atlas",
)
SHOP_SECOND = (
    "Goods",
    "Supply Co.",
    "Store",
    "Trading",
    "Market",
    "Studio",
    "House",
    "Outlet",
    "Works",
    "Collective",
)
