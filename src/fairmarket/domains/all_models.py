"""Imports every domain's models so that the metadata is complete (for Alembic and tests)."""

from fairmarket.db import idempotency as idempotency_models
from fairmarket.db.base import Base
from fairmarket.domains.accounts import models as accounts_models
from fairmarket.domains.after_sales import models as after_sales_models
from fairmarket.domains.apps import models as apps_models
from fairmarket.domains.audit import models as audit_models
from fairmarket.domains.catalog import models as catalog_models
from fairmarket.domains.events import models as events_models
from fairmarket.domains.ops import models as ops_models
from fairmarket.domains.orders import models as orders_models
from fairmarket.domains.reviews import models as reviews_models
from fairmarket.domains.rules import models as rules_models
from fairmarket.domains.seller_clocks import models as seller_clocks_models
from fairmarket.domains.web_sessions import models as web_sessions_models
from fairmarket.domains.webhooks import models as webhooks_models

metadata = Base.metadata

__all__ = [
    "accounts_models",
    "after_sales_models",
    "apps_models",
    "audit_models",
    "catalog_models",
    "events_models",
    "idempotency_models",
    "metadata",
    "ops_models",
    "orders_models",
    "reviews_models",
    "rules_models",
    "seller_clocks_models",
    "web_sessions_models",
    "webhooks_models",
]
