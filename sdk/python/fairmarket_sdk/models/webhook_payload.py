from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.webhook_payload_data import WebhookPayloadData


T = TypeVar("T", bound="WebhookPayload")


@_attrs_define
class WebhookPayload:
    """
    Attributes:
        type_ (EventType): Every event type the platform publishes. Until 2027-06-05 filters also accept the names used
            before 2026-12-05: after_sale.accept_offer → after_sale.offer_accepted, after_sale.approve →
            after_sale.approved, after_sale.auto_approve → after_sale.auto_approved, after_sale.auto_close →
            after_sale.auto_closed, after_sale.auto_confirm → after_sale.auto_confirmed, after_sale.auto_intercept →
            after_sale.auto_intercepted, after_sale.auto_reject → after_sale.auto_rejected, after_sale.close →
            after_sale.closed, after_sale.confirm_received → after_sale.receipt_confirmed, after_sale.decline_offer →
            after_sale.offer_declined, after_sale.escalate → after_sale.escalated, after_sale.issue_refund →
            after_sale.refund_issued, after_sale.offer_partial_refund → after_sale.partial_refund_offered,
            after_sale.refund_without_return → after_sale.refunded_without_return, after_sale.reject → after_sale.rejected,
            after_sale.request_interception → after_sale.interception_requested, after_sale.rule_for_buyer →
            after_sale.ruled_for_buyer, after_sale.rule_for_seller → after_sale.ruled_for_seller, after_sale.ship_return →
            after_sale.return_shipped, after_sale.withdraw → after_sale.withdrawn.
        timestamp (datetime.datetime):
        data (WebhookPayloadData): The type's payload (see each webhook) and its log position.
    """

    type_: EventType
    timestamp: datetime.datetime
    data: WebhookPayloadData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        timestamp = self.timestamp.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "timestamp": timestamp,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_payload_data import WebhookPayloadData  # noqa: PLC0415

        d = dict(src_dict)
        type_ = EventType(d.pop("type"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = WebhookPayloadData.from_dict(d.pop("data"))

        webhook_payload = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )

        webhook_payload.additional_properties = d
        return webhook_payload

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
