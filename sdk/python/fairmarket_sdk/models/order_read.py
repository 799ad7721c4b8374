from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus

if TYPE_CHECKING:
    from ..models.available_action import AvailableAction
    from ..models.order_line_read import OrderLineRead
    from ..models.shipment_read import ShipmentRead


T = TypeVar("T", bound="OrderRead")


@_attrs_define
class OrderRead:
    """
    Attributes:
        number (int):
        status (OrderStatus):
        seller_id (int):
        buyer_id (int):
        currency (str):
        subtotal_minor (int):
        shipping_fee_minor (int):
        total_minor (int):
        paid_minor (int):
        refunded_minor (int):
        placed_at (datetime.datetime):
        updated_at (datetime.datetime):
        cancelled_at (datetime.datetime | None):
        cancel_reason (None | str):
        cancel_fault (None | str):
        lines (list[OrderLineRead]):
        shipments (list[ShipmentRead]):
        available_actions (list[AvailableAction]):
        version (str): Opaque version for ETag / If-Match.
    """

    number: int
    status: OrderStatus
    seller_id: int
    buyer_id: int
    currency: str
    subtotal_minor: int
    shipping_fee_minor: int
    total_minor: int
    paid_minor: int
    refunded_minor: int
    placed_at: datetime.datetime
    updated_at: datetime.datetime
    cancelled_at: datetime.datetime | None
    cancel_reason: None | str
    cancel_fault: None | str
    lines: list[OrderLineRead]
    shipments: list[ShipmentRead]
    available_actions: list[AvailableAction]
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        status = self.status.value

        seller_id = self.seller_id

        buyer_id = self.buyer_id

        currency = self.currency

        subtotal_minor = self.subtotal_minor

        shipping_fee_minor = self.shipping_fee_minor

        total_minor = self.total_minor

        paid_minor = self.paid_minor

        refunded_minor = self.refunded_minor

        placed_at = self.placed_at.isoformat()

        updated_at = self.updated_at.isoformat()

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        cancel_fault: None | str
        cancel_fault = self.cancel_fault

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        shipments = []
        for shipments_item_data in self.shipments:
            shipments_item = shipments_item_data.to_dict()
            shipments.append(shipments_item)

        available_actions = []
        for available_actions_item_data in self.available_actions:
            available_actions_item = available_actions_item_data.to_dict()
            available_actions.append(available_actions_item)

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "status": status,
                "seller_id": seller_id,
                "buyer_id": buyer_id,
                "currency": currency,
                "subtotal_minor": subtotal_minor,
                "shipping_fee_minor": shipping_fee_minor,
                "total_minor": total_minor,
                "paid_minor": paid_minor,
                "refunded_minor": refunded_minor,
                "placed_at": placed_at,
                "updated_at": updated_at,
                "cancelled_at": cancelled_at,
                "cancel_reason": cancel_reason,
                "cancel_fault": cancel_fault,
                "lines": lines,
                "shipments": shipments,
                "available_actions": available_actions,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.available_action import AvailableAction  # noqa: PLC0415
        from ..models.order_line_read import OrderLineRead  # noqa: PLC0415
        from ..models.shipment_read import ShipmentRead  # noqa: PLC0415

        d = dict(src_dict)
        number = d.pop("number")

        status = OrderStatus(d.pop("status"))

        seller_id = d.pop("seller_id")

        buyer_id = d.pop("buyer_id")

        currency = d.pop("currency")

        subtotal_minor = d.pop("subtotal_minor")

        shipping_fee_minor = d.pop("shipping_fee_minor")

        total_minor = d.pop("total_minor")

        paid_minor = d.pop("paid_minor")

        refunded_minor = d.pop("refunded_minor")

        placed_at = datetime.datetime.fromisoformat(d.pop("placed_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        def _parse_cancel_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))

        def _parse_cancel_fault(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_fault = _parse_cancel_fault(d.pop("cancel_fault"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        shipments = []
        _shipments = d.pop("shipments")
        for shipments_item_data in _shipments:
            shipments_item = ShipmentRead.from_dict(shipments_item_data)

            shipments.append(shipments_item)

        available_actions = []
        _available_actions = d.pop("available_actions")
        for available_actions_item_data in _available_actions:
            available_actions_item = AvailableAction.from_dict(available_actions_item_data)

            available_actions.append(available_actions_item)

        version = d.pop("version")

        order_read = cls(
            number=number,
            status=status,
            seller_id=seller_id,
            buyer_id=buyer_id,
            currency=currency,
            subtotal_minor=subtotal_minor,
            shipping_fee_minor=shipping_fee_minor,
            total_minor=total_minor,
            paid_minor=paid_minor,
            refunded_minor=refunded_minor,
            placed_at=placed_at,
            updated_at=updated_at,
            cancelled_at=cancelled_at,
            cancel_reason=cancel_reason,
            cancel_fault=cancel_fault,
            lines=lines,
            shipments=shipments,
            available_actions=available_actions,
            version=version,
        )

        order_read.additional_properties = d
        return order_read

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
