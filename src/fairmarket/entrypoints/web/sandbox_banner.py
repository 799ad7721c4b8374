"""The sandbox banner: on a sandbox deployment every Seller Center page says so, and how far
the shop's own clock has been moved ahead of real time (domains/sandbox moves it; the
`SandboxClocks` of the container hold every shop's offset)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fairmarket.entrypoints.web import formatting, i18n
from fairmarket.kernel.clock import Clock, SandboxClocks


@dataclass(frozen=True)
class SandboxBanner:
    text: str


def sandbox_banner(clock: Clock, seller_id: int | None) -> SandboxBanner | None:
    """The banner for a signed-in seller's page, or None outside sandbox mode."""
    if not isinstance(clock, SandboxClocks) or seller_id is None:
        return None
    offset = clock.offset_for(seller_id)
    if offset <= timedelta(0):
        return SandboxBanner(
            i18n.gettext(
                "Sandbox: test orders only. Your shop's clock runs at real time; move it "
                "forward with POST /v1/sandbox/clock/advance to see deadlines fire."
            )
        )
    shop_time = clock.now_for(seller_id)
    return SandboxBanner(
        i18n.gettext(
            "Sandbox: test orders only. Your shop's clock is %(offset)s ahead of real time: "
            "for your orders it is now %(now)s."
        )
        % {"offset": offset_words(offset), "now": formatting.format_utc(shop_time)}
    )


def offset_words(offset: timedelta) -> str:
    """`3 d 4 h`, `5 h 30 min`, `12 min`: the largest two units that are not zero."""
    minutes = int(offset.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        (days, i18n.ngettext("%(n)s day", "%(n)s days", days)),
        (hours, i18n.gettext("%(n)s h")),
        (minutes, i18n.gettext("%(n)s min")),
    ]
    shown = [text % {"n": n} for n, text in parts if n][:2]
    return " ".join(shown) or i18n.gettext("less than a minute")
