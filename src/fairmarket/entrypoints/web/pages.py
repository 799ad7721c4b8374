"""The pages a browser can open in the three web areas, found from the app's own routes (GET
routes whose address is under /seller, /buyer or /ops, inside included routers too). The page
tests walk all of them and bench/pages times them, so a new page is covered without a list."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

AREAS = ("seller", "buyer", "ops")


@dataclass(frozen=True)
class WebPage:
    area: str
    name: str  # the route's name: app.url_path_for(name, **params)
    params: tuple[str, ...]  # path parameters, e.g. ("request_id",)

    @property
    def is_login(self) -> bool:
        return self.name.endswith("_login")


def web_pages(app: FastAPI) -> list[WebPage]:
    pages = []
    for route in _get_routes(app.routes):
        params = tuple(sorted(route.param_convertors))
        area = area_of_path(app.url_path_for(route.name, **dict.fromkeys(params, "0")))
        if area is not None:
            pages.append(WebPage(area, route.name, params))
    return pages


def page_path(app: FastAPI, page: WebPage, ids: Mapping[str, object]) -> str:
    """The page's address with real ids; a clear error naming what is missing."""
    missing = sorted(set(page.params) - set(ids))
    if missing:
        raise LookupError(f"the page {page.name} needs {', '.join(missing)}")
    return str(app.url_path_for(page.name, **{name: ids[name] for name in page.params}))


def area_of_path(path: str) -> str | None:
    for area in AREAS:
        if path == f"/{area}" or path.startswith(f"/{area}/"):
            return area
    return None


def _get_routes(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from _get_routes(nested.routes)
        elif isinstance(route, APIRoute) and "GET" in (route.methods or ()):
            yield route
