from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.event_read_data import EventReadData


T = TypeVar("T", bound="EventRead")


@_attrs_define
class EventRead:
    """
    Attributes:
        cursor (str): Pass as `after` to continue after this event.
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
        resource_type (str):
        resource_id (int):
        sequence (int): The resource's change number, from 1, without gaps.
        occurred_at (datetime.datetime):
        data (EventReadData):
    """

    cursor: str
    type_: EventType
    resource_type: str
    resource_id: int
    sequence: int
    occurred_at: datetime.datetime
    data: EventReadData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cursor = self.cursor

        type_ = self.type_.value

        resource_type = self.resource_type

        resource_id = self.resource_id

        sequence = self.sequence

        occurred_at = self.occurred_at.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cursor": cursor,
                "type": type_,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "sequence": sequence,
                "occurred_at": occurred_at,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_read_data import EventReadData  # noqa: PLC0415

        d = dict(src_dict)
        cursor = d.pop("cursor")

        type_ = EventType(d.pop("type"))

        resource_type = d.pop("resource_type")

        resource_id = d.pop("resource_id")

        sequence = d.pop("sequence")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        data = EventReadData.from_dict(d.pop("data"))

        event_read = cls(
            cursor=cursor,
            type_=type_,
            resource_type=resource_type,
            resource_id=resource_id,
            sequence=sequence,
            occurred_at=occurred_at,
            data=data,
        )

        event_read.additional_properties = d
        return event_read

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
