"""Seller Center: server-rendered pages bound to the capability catalogue."""
