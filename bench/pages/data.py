"""The demo marketplace for the page benchmark: generated with the documented command
(`fairmarket demo --no-serve`), its printed logins kept beside the database for `--reuse`, and
for every page of the three areas an address with ids from the demo's own data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select

from fairmarket.bootstrap import bootstrap
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.domains.after_sales.machines import AfterSaleStatus
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.orders.models import Order
from fairmarket.domains.rules.models import ExceptionItem, RuleSetVersion
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.web.pages import page_path, web_pages
from fairmarket.settings import Settings

LOGIN = re.compile(r"^\s+login\s+(\S+)\s+password: (.+)$", re.M)
BUYER_KEY = re.compile(r"^Buyer API key\s+(\S+)", re.M)
DEMO_SELLER_KEY, DEMO_BUYER_KEY = "demo integration", "demo buyer"  # demo/credentials.py
NOT_TIMED = {
    "seller_oauth_consent": "needs a third-party app asking to connect; the demo has none",
}


@dataclass(frozen=True)
class Logins:
    seller_email: str
    seller_password: str
    buyer_key: str
    agent_email: str
    agent_password: str

    def form(self, area: str) -> dict[str, str]:
        if area == "buyer":
            return {"api_key": self.buyer_key}
        if area == "seller":
            return {"email": self.seller_email, "password": self.seller_password}
        return {"email": self.agent_email, "password": self.agent_password}


@dataclass
class DemoData:
    logins: Logins
    targets: dict[str, list[tuple[str, str]]]  # area -> [(page, address)]
    skipped: dict[str, str] = field(default_factory=dict)


def demo_data(
    env: dict[str, str], database: Path, *, orders: int, seed: int, reuse: bool
) -> DemoData:
    logins_file = database.with_suffix(".logins.json")
    if reuse and database.exists() and logins_file.exists():
        logins = Logins(**json.loads(logins_file.read_text()))
    else:
        logins = _generate(env, database, orders=orders, seed=seed)
        logins_file.write_text(json.dumps(asdict(logins)))
    return _targets(env["FAIRMARKET_DATABASE_URL"], logins)


def _generate(env: dict[str, str], database: Path, *, orders: int, seed: int) -> Logins:
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    command = [
        str(Path(sys.executable).with_name("fairmarket")),
        "demo",
        "--no-serve",
        f"--orders={orders}",
        f"--seed={seed}",
    ]
    printed = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    (seller_email, seller_password), (agent_email, agent_password) = LOGIN.findall(printed)
    buyer_key = BUYER_KEY.search(printed)
    assert buyer_key, f"no buyer key in the demo's printout:\n{printed}"
    return Logins(seller_email, seller_password, buyer_key.group(1), agent_email, agent_password)


def _targets(database_url: str, logins: Logins) -> DemoData:
    container = bootstrap(Settings(database_url=database_url, _env_file=None))
    try:
        ids = _ids(container.uow_factory)
        app = create_app(container)
        data = DemoData(logins, {"seller": [], "buyer": [], "ops": []})
        for page in web_pages(app):
            if page.is_login:
                data.skipped[page.name] = "a signed-out page"
            elif page.name in NOT_TIMED:
                data.skipped[page.name] = NOT_TIMED[page.name]
            else:
                try:
                    path = page_path(app, page, ids[page.area])
                except LookupError as missing:
                    data.skipped[page.name] = f"{missing}, and the demo has none"
                else:
                    data.targets[page.area].append((page.name, path))
        return data
    finally:
        container.engine.dispose()


def _ids(factory: UnitOfWorkFactory) -> dict[str, dict[str, int]]:
    """Ids the demo's people can open: the demo seller's newest request and its order, the
    demo buyer's newest request and its order, a dispute, an exception, a rule version."""
    with factory(read_only=True) as uow:

        def first(statement: Select[Any]) -> int | None:
            return uow.session.scalars(statement.limit(1)).first()

        key = uow.session.scalars(select(ApiKey).where(ApiKey.name == DEMO_SELLER_KEY)).first()
        seller_id = key.seller_id if key is not None else None
        buyer_id = first(select(ApiKey.buyer_id).where(ApiKey.name == DEMO_BUYER_KEY))
        newest, newest_order = AfterSaleRequest.id.desc(), Order.id.desc()
        of_seller = AfterSaleRequest.seller_id == seller_id
        seller_request = first(select(AfterSaleRequest.id).where(of_seller).order_by(newest))
        of_buyer = AfterSaleRequest.buyer_id == buyer_id
        buyer_request = first(select(AfterSaleRequest.id).where(of_buyer).order_by(newest))

        def order_of(request_id: int | None) -> int | None:
            return first(
                select(Order.number)
                .join(AfterSaleRequest, AfterSaleRequest.order_id == Order.id)
                .where(AfterSaleRequest.id == request_id)
            )

        in_dispute = AfterSaleRequest.status == AfterSaleStatus.IN_DISPUTE
        found = {
            "seller": {
                "request_id": seller_request,
                "order_number": order_of(seller_request),
                "key_id": key.id if key is not None else None,
            },
            "buyer": {
                "request_id": buyer_request,
                "order_number": order_of(buyer_request)
                or first(
                    select(Order.number).where(Order.buyer_id == buyer_id).order_by(newest_order)
                ),
            },
            "ops": {
                "request_id": first(select(AfterSaleRequest.id).where(in_dispute)),
                "item_id": first(select(ExceptionItem.id).order_by(ExceptionItem.id.desc())),
                "version_id": first(select(RuleSetVersion.id).order_by(RuleSetVersion.id)),
            },
        }
    return {
        area: {name: value for name, value in values.items() if value is not None}
        for area, values in found.items()
    }
