from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timer_run_result_outcomes import TimerRunResultOutcomes


T = TypeVar("T", bound="TimerRunResult")


@_attrs_define
class TimerRunResult:
    """
    Attributes:
        fired (int | Unset):  Default: 0.
        warned (int | Unset):  Default: 0.
        skipped (int | Unset):  Default: 0.
        orders_auto_cancelled (int | Unset):  Default: 0.
        outcomes (TimerRunResultOutcomes | Unset):
    """

    fired: int | Unset = 0
    warned: int | Unset = 0
    skipped: int | Unset = 0
    orders_auto_cancelled: int | Unset = 0
    outcomes: TimerRunResultOutcomes | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fired = self.fired

        warned = self.warned

        skipped = self.skipped

        orders_auto_cancelled = self.orders_auto_cancelled

        outcomes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.outcomes, Unset):
            outcomes = self.outcomes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fired is not UNSET:
            field_dict["fired"] = fired
        if warned is not UNSET:
            field_dict["warned"] = warned
        if skipped is not UNSET:
            field_dict["skipped"] = skipped
        if orders_auto_cancelled is not UNSET:
            field_dict["orders_auto_cancelled"] = orders_auto_cancelled
        if outcomes is not UNSET:
            field_dict["outcomes"] = outcomes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timer_run_result_outcomes import TimerRunResultOutcomes  # noqa: PLC0415

        d = dict(src_dict)
        fired = d.pop("fired", UNSET)

        warned = d.pop("warned", UNSET)

        skipped = d.pop("skipped", UNSET)

        orders_auto_cancelled = d.pop("orders_auto_cancelled", UNSET)

        _outcomes = d.pop("outcomes", UNSET)
        outcomes: TimerRunResultOutcomes | Unset
        if isinstance(_outcomes, Unset):
            outcomes = UNSET
        else:
            outcomes = TimerRunResultOutcomes.from_dict(_outcomes)

        timer_run_result = cls(
            fired=fired,
            warned=warned,
            skipped=skipped,
            orders_auto_cancelled=orders_auto_cancelled,
            outcomes=outcomes,
        )

        timer_run_result.additional_properties = d
        return timer_run_result

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
