from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhooksCreateBody")


@_attrs_define
class WebhooksCreateBody:
    """
    Attributes:
        url (str): Where to POST notifications: an https URL on a public host (plain http is accepted in sandbox and
            development deployments).
        event_types (list[str] | Unset): Only these event types (e.g. after_sale.approved); empty for every type. The
            names used before 2026-12-05 (e.g. after_sale.approve) are still accepted until 2027-06-05 and stored under
            their new names, with a `Deprecation` header.
    """

    url: str
    event_types: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if event_types is not UNSET:
            field_dict["event_types"] = event_types

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types", UNSET))

        webhooks_create_body = cls(
            url=url,
            event_types=event_types,
        )

        return webhooks_create_body
