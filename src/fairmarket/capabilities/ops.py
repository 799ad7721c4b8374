"""Platform agents' after-sale tools (the Ops Console); the rules engine's are in `rules.py`."""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.after_sales import service as after_sales
from fairmarket.domains.after_sales.schemas import AfterSaleRead, RuleOnDispute

AREA = "Disputes"
OPS_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="ops.after_sales.rule",
        area=AREA,
        summary="Decide a dispute, binding on both sides (platform agent).",
        command=RuleOnDispute,
        result=AfterSaleRead,
        scope="disputes:write",
        handler=after_sales.rule_on_dispute,
        http_method="POST",
        http_path="/v1/ops/after-sales/{request_id}/rule",
        writes=True,
        audience=Audience.OPS,
    ),
)
