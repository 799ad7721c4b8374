"""The Seller API and buyer API (FastAPI), generated from the capability catalogue."""
