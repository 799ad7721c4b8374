from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RefundBreakdown")


@_attrs_define
class RefundBreakdown:
    """The refund a request moves, line by line, and the cap that the ledger enforces.

    Attributes:
        items_minor (int): Sum of unit price x quantity of the requested lines.
        shipping_minor (int): The shipping fee, when the reason refunds it.
        requested_minor (int): items_minor + shipping_minor.
        already_refunded_minor (int): Refunded on this order before.
        refundable_minor (int): Paid minus already refunded: the ledger's cap.
        refund_minor (int): What this action refunds.
        capped (bool): True when the cap cut the refund below what was asked.
        currency (str):
    """

    items_minor: int
    shipping_minor: int
    requested_minor: int
    already_refunded_minor: int
    refundable_minor: int
    refund_minor: int
    capped: bool
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items_minor = self.items_minor

        shipping_minor = self.shipping_minor

        requested_minor = self.requested_minor

        already_refunded_minor = self.already_refunded_minor

        refundable_minor = self.refundable_minor

        refund_minor = self.refund_minor

        capped = self.capped

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items_minor": items_minor,
                "shipping_minor": shipping_minor,
                "requested_minor": requested_minor,
                "already_refunded_minor": already_refunded_minor,
                "refundable_minor": refundable_minor,
                "refund_minor": refund_minor,
                "capped": capped,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        items_minor = d.pop("items_minor")

        shipping_minor = d.pop("shipping_minor")

        requested_minor = d.pop("requested_minor")

        already_refunded_minor = d.pop("already_refunded_minor")

        refundable_minor = d.pop("refundable_minor")

        refund_minor = d.pop("refund_minor")

        capped = d.pop("capped")

        currency = d.pop("currency")

        refund_breakdown = cls(
            items_minor=items_minor,
            shipping_minor=shipping_minor,
            requested_minor=requested_minor,
            already_refunded_minor=already_refunded_minor,
            refundable_minor=refundable_minor,
            refund_minor=refund_minor,
            capped=capped,
            currency=currency,
        )

        refund_breakdown.additional_properties = d
        return refund_breakdown

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
