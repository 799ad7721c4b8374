"""Product categories (readable English names after Olist's taxonomy) and what sells in them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    name: str
    items: tuple[str, ...]
    price_usd: tuple[int, int]  # typical unit price range, whole US dollars


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "Bed, Bath & Table", ("Cotton Sheet Set", "Bath Towel Pair", "Duvet Cover"), (12, 90)
    ),
    CategorySpec("Health & Beauty", ("Vitamin C Serum", "Hair Dryer", "Lip Balm Trio"), (6, 60)),
    CategorySpec("Sports & Leisure", ("Yoga Mat", "Resistance Bands", "Water Bottle"), (8, 80)),
    CategorySpec("Furniture & Decor", ("Wall Mirror", "Floor Lamp", "Throw Pillow"), (15, 180)),
    CategorySpec(
        "Computers & Accessories", ("Wireless Mouse", "USB-C Hub", "Laptop Stand"), (10, 120)
    ),
    CategorySpec("Housewares", ("Ceramic Mug", "Glass Food Container Set", "Dish Rack"), (6, 50)),
    CategorySpec("Watches & Gifts", ("Leather Strap Watch", "Gift Box Set", "Keychain"), (10, 150)),
    CategorySpec("Telephony", ("Phone Case", "Screen Protector", "Fast Charger"), (5, 45)),
    CategorySpec("Garden Tools", ("Pruning Shears", "Garden Hose", "Seed Starter Kit"), (8, 70)),
    CategorySpec("Auto", ("Car Phone Mount", "Tyre Inflator", "Seat Organizer"), (10, 90)),
    CategorySpec("Toys", ("Building Blocks", "Plush Bear", "Puzzle 1000 pcs"), (8, 60)),
    CategorySpec("Cool Stuff", ("LED Desk Light", "Mini Projector", "Retro Speaker"), (12, 110)),
    CategorySpec("Perfumery", ("Eau de Parfum 50 ml", "Body Mist", "Scented Candle"), (10, 95)),
    CategorySpec("Baby", ("Baby Carrier", "Muslin Swaddle", "Teething Toy"), (8, 120)),
    CategorySpec("Electronics", ("Bluetooth Earbuds", "Power Bank", "Smart Plug"), (12, 140)),
    CategorySpec("Stationery", ("Dotted Notebook", "Gel Pen Set", "Desk Planner"), (3, 30)),
    CategorySpec(
        "Fashion Bags & Accessories", ("Canvas Tote", "Crossbody Bag", "Sunglasses"), (10, 90)
    ),
    CategorySpec("Pet Shop", ("Cat Scratcher", "Dog Leash", "Pet Bed"), (6, 70)),
    CategorySpec(
        "Office Furniture", ("Ergonomic Chair", "Standing Desk Frame", "Monitor Arm"), (40, 400)
    ),
    CategorySpec(
        "Consoles & Games", ("Game Controller", "Charging Dock", "Racing Wheel"), (15, 200)
    ),
    CategorySpec(
        "Luggage & Accessories", ("Carry-on Suitcase", "Packing Cubes", "Travel Adapter"), (10, 180)
    ),
    CategorySpec("Construction Tools", ("Cordless Drill", "Laser Level", "Tool Box"), (15, 160)),
    CategorySpec("Home Appliances", ("Air Fryer", "Robot Vacuum", "Stand Mixer"), (40, 400)),
    CategorySpec(
        "Small Appliances", ("Electric Kettle", "Hand Blender", "Coffee Grinder"), (15, 90)
    ),
    CategorySpec(
        "Musical Instruments", ("Ukulele", "Guitar Strings", "Digital Metronome"), (8, 220)
    ),
    CategorySpec("Books", ("Cookbook", "Travel Guide", "Children's Picture Book"), (6, 40)),
    CategorySpec(
        "Food & Drink", ("Specialty Coffee Beans", "Green Tea Sampler", "Hot Sauce Trio"), (5, 40)
    ),
    CategorySpec(
        "Kitchen & Dining", ("Chef's Knife", "Cast Iron Skillet", "Bamboo Board"), (10, 120)
    ),
    CategorySpec(
        "Fashion Shoes", ("Running Shoes", "Canvas Sneakers", "Leather Loafers"), (25, 160)
    ),
    CategorySpec(
        "Party Supplies", ("Balloon Garland Kit", "String Lights", "Party Plates"), (4, 35)
    ),
)

ADJECTIVES = (
    "Classic",
    "Compact",
    "Premium",
    "Everyday",
    "Eco",
    "Deluxe",
    "Pro",
    "Essential",
    "Vintage",
    "Lightweight",
    "Heritage",
    "Modern",
)
COLOURS = ("Black", "White", "Sage", "Navy", "Terracotta", "Sand", "Charcoal", "Coral", "Olive")
