"""Plain policy values that services receive (never read from settings or the environment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class Policies:
    seller_response_window: timedelta = timedelta(hours=48)
    seller_response_window_by_region: dict[str, timedelta] = field(default_factory=dict)

    def response_window_for(self, region: str) -> timedelta:
        return self.seller_response_window_by_region.get(region, self.seller_response_window)
