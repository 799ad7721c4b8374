"""Plain policy values that services receive (never read from settings or the environment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class Policies:
    seller_response_window: timedelta = timedelta(hours=48)
    seller_response_window_by_region: dict[str, timedelta] = field(default_factory=dict)
    return_window: timedelta = timedelta(days=30)  # from delivery
    return_window_by_region: dict[str, timedelta] = field(default_factory=dict)
    buyer_response_window: timedelta = timedelta(days=3)  # answer a partial refund offer
    return_shipping_window: timedelta = timedelta(days=7)
    refund_after_return_window: timedelta = timedelta(days=3)  # after the return is delivered
    interception_window: timedelta = timedelta(days=5)
    dispute_window: timedelta = timedelta(days=7)
    handling_window: timedelta = timedelta(days=5)  # ship a paid order within this, or it is
    # cancelled at the seller's fault
    deadline_warning: timedelta = timedelta(hours=12)  # warn this long before the platform acts
    # Webhook endpoints: plain http:// is for sandbox and development deployments; loopback and
    # private targets only for a local test receiver (never in production mode).
    webhook_http_allowed: bool = False
    webhook_private_targets_allowed: bool = False
    # The key (32 bytes) webhook signing secrets are encrypted with at rest; None refuses to
    # store a secret.
    webhook_secret_key: bytes | None = field(default=None, repr=False)

    def response_window_for(self, region: str) -> timedelta:
        return self.seller_response_window_by_region.get(region, self.seller_response_window)

    def return_window_for(self, region: str) -> timedelta:
        return self.return_window_by_region.get(region, self.return_window)

    def window(self, name: str, region: str) -> timedelta:
        """A journey timer's window by the name the state machines publish."""
        if name == "seller_response_window":
            return self.response_window_for(region)
        value = getattr(self, name)
        assert isinstance(value, timedelta), name
        return value
