from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AfterSaleEvidenceRequestedPayload")


@_attrs_define
class AfterSaleEvidenceRequestedPayload:
    """
    Attributes:
        request_id (int):
        type_ (str):
        order_number (int | None):
        status (str):
        message (str): What the buyer is asked to send.
        requested_by (str): The rule or person who asked.
    """

    request_id: int
    type_: str
    order_number: int | None
    status: str
    message: str
    requested_by: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        type_ = self.type_

        order_number: int | None
        order_number = self.order_number

        status = self.status

        message = self.message

        requested_by = self.requested_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "type": type_,
                "order_number": order_number,
                "status": status,
                "message": message,
                "requested_by": requested_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("request_id")

        type_ = d.pop("type")

        def _parse_order_number(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_number = _parse_order_number(d.pop("order_number"))

        status = d.pop("status")

        message = d.pop("message")

        requested_by = d.pop("requested_by")

        after_sale_evidence_requested_payload = cls(
            request_id=request_id,
            type_=type_,
            order_number=order_number,
            status=status,
            message=message,
            requested_by=requested_by,
        )

        after_sale_evidence_requested_payload.additional_properties = d
        return after_sale_evidence_requested_payload

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
