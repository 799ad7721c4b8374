"""Seller Center's home: what needs the seller's action now, the nearest deadline first.

The cards come from `capabilities.home_cards` (one provider per domain); this page only shows
them, so a domain adds a card without changing it.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.capabilities.home_cards import DUE_SOON, home_cards
from fairmarket.entrypoints.web.dependencies import SellerActor
from fairmarket.entrypoints.web.rendering import container_of, redirect, render

router = APIRouter(include_in_schema=False)
SECONDS_PER_HOUR = 3600


@router.get("/", name="seller_home")
def root(request: Request) -> Response:
    return redirect(request, "seller_center")


@router.get("/seller", name="seller_center")
def home_page(request: Request, actor: SellerActor) -> Response:
    window, cards = home_cards(container_of(request).uow_factory, actor)
    context = {
        "section": "home",
        "cards": cards,
        "window": window,
        "due_soon_hours": int(DUE_SOON.total_seconds() // SECONDS_PER_HOUR),
    }
    return render(request, "home.html", context)
