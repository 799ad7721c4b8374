from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookPayloadData")


@_attrs_define
class WebhookPayloadData:
    """The type's payload (see each webhook) and its log position.

    Attributes:
        event_cursor (str): Pass as ?after= to GET /v1/events to catch up.
        resource_type (str):
        resource_id (int):
        sequence (int):
    """

    event_cursor: str
    resource_type: str
    resource_id: int
    sequence: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_cursor = self.event_cursor

        resource_type = self.resource_type

        resource_id = self.resource_id

        sequence = self.sequence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_cursor": event_cursor,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "sequence": sequence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_cursor = d.pop("event_cursor")

        resource_type = d.pop("resource_type")

        resource_id = d.pop("resource_id")

        sequence = d.pop("sequence")

        webhook_payload_data = cls(
            event_cursor=event_cursor,
            resource_type=resource_type,
            resource_id=resource_id,
            sequence=sequence,
        )

        webhook_payload_data.additional_properties = d
        return webhook_payload_data

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
