from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.sandbox_carrier_report_body_event import SandboxCarrierReportBodyEvent

T = TypeVar("T", bound="SandboxCarrierReportBody")


@_attrs_define
class SandboxCarrierReportBody:
    """
    Attributes:
        event (SandboxCarrierReportBodyEvent): What the carrier reported.
    """

    event: SandboxCarrierReportBodyEvent

    def to_dict(self) -> dict[str, Any]:
        event = self.event.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event": event,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event = SandboxCarrierReportBodyEvent(d.pop("event"))

        sandbox_carrier_report_body = cls(
            event=event,
        )

        return sandbox_carrier_report_body
