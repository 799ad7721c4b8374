"""Mounts Seller Center on the application. (Stub: the Seller Center lands in its own change.)"""

from __future__ import annotations

from fastapi import FastAPI

from fairmarket.bootstrap import Container

# capability name -> the Seller Center route name that serves it (read by `fairmarket parity`).
SELLER_CENTER_BINDINGS: dict[str, str] = {}


def mount_seller_center(app: FastAPI, container: Container) -> None:
    """Add the Seller Center routes (login, orders, cancellations, chat panel) to `app`."""
