from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.refund_breakdown import RefundBreakdown


T = TypeVar("T", bound="DryRun")


@_attrs_define
class DryRun:
    """
    Attributes:
        action (str):
        would_become (str):
        refund (None | RefundBreakdown): What the action would refund, if any.
    """

    action: str
    would_become: str
    refund: None | RefundBreakdown
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.refund_breakdown import RefundBreakdown  # noqa: PLC0415

        action = self.action

        would_become = self.would_become

        refund: dict[str, Any] | None
        if isinstance(self.refund, RefundBreakdown):
            refund = self.refund.to_dict()
        else:
            refund = self.refund

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "would_become": would_become,
                "refund": refund,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refund_breakdown import RefundBreakdown  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        would_become = d.pop("would_become")

        def _parse_refund(data: object) -> None | RefundBreakdown:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                refund_type_0 = RefundBreakdown.from_dict(data)

                return refund_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RefundBreakdown, data)

        refund = _parse_refund(d.pop("refund"))

        dry_run = cls(
            action=action,
            would_become=would_become,
            refund=refund,
        )

        dry_run.additional_properties = d
        return dry_run

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
