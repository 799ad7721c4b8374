from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timer_run_result import TimerRunResult


T = TypeVar("T", bound="SandboxClockRead")


@_attrs_define
class SandboxClockRead:
    """
    Attributes:
        now (datetime.datetime): Your sandbox time: what every process uses for your orders. Each seller has their own
            clock; moving yours moves no one else's.
        real_now (datetime.datetime): The real time, for comparison.
        offset_seconds (float): How far the sandbox runs ahead of real time.
        set_at (datetime.datetime | None): When (real time) the clock was last moved.
        set_by (None | str): Who last moved it.
        advanced_seconds (float | None | Unset): Only on an advance: how far this call moved the clock.
        fired (None | TimerRunResult | Unset): Only on an advance: the timers of your orders that came due and were
            fired at once (warnings, platform actions, orders auto-cancelled).
        webhooks (None | str | Unset): Only on an advance: the webhooks of those events are on their way.
    """

    now: datetime.datetime
    real_now: datetime.datetime
    offset_seconds: float
    set_at: datetime.datetime | None
    set_by: None | str
    advanced_seconds: float | None | Unset = UNSET
    fired: None | TimerRunResult | Unset = UNSET
    webhooks: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.timer_run_result import TimerRunResult  # noqa: PLC0415

        now = self.now.isoformat()

        real_now = self.real_now.isoformat()

        offset_seconds = self.offset_seconds

        set_at: None | str
        if isinstance(self.set_at, datetime.datetime):
            set_at = self.set_at.isoformat()
        else:
            set_at = self.set_at

        set_by: None | str
        set_by = self.set_by

        advanced_seconds: float | None | Unset
        if isinstance(self.advanced_seconds, Unset):
            advanced_seconds = UNSET
        else:
            advanced_seconds = self.advanced_seconds

        fired: dict[str, Any] | None | Unset
        if isinstance(self.fired, Unset):
            fired = UNSET
        elif isinstance(self.fired, TimerRunResult):
            fired = self.fired.to_dict()
        else:
            fired = self.fired

        webhooks: None | str | Unset
        if isinstance(self.webhooks, Unset):
            webhooks = UNSET
        else:
            webhooks = self.webhooks

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "now": now,
                "real_now": real_now,
                "offset_seconds": offset_seconds,
                "set_at": set_at,
                "set_by": set_by,
            }
        )
        if advanced_seconds is not UNSET:
            field_dict["advanced_seconds"] = advanced_seconds
        if fired is not UNSET:
            field_dict["fired"] = fired
        if webhooks is not UNSET:
            field_dict["webhooks"] = webhooks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timer_run_result import TimerRunResult  # noqa: PLC0415

        d = dict(src_dict)
        now = datetime.datetime.fromisoformat(d.pop("now"))

        real_now = datetime.datetime.fromisoformat(d.pop("real_now"))

        offset_seconds = d.pop("offset_seconds")

        def _parse_set_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                set_at_type_0 = datetime.datetime.fromisoformat(data)

                return set_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        set_at = _parse_set_at(d.pop("set_at"))

        def _parse_set_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        set_by = _parse_set_by(d.pop("set_by"))

        def _parse_advanced_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        advanced_seconds = _parse_advanced_seconds(d.pop("advanced_seconds", UNSET))

        def _parse_fired(data: object) -> None | TimerRunResult | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fired_type_0 = TimerRunResult.from_dict(data)

                return fired_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimerRunResult | Unset, data)

        fired = _parse_fired(d.pop("fired", UNSET))

        def _parse_webhooks(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhooks = _parse_webhooks(d.pop("webhooks", UNSET))

        sandbox_clock_read = cls(
            now=now,
            real_now=real_now,
            offset_seconds=offset_seconds,
            set_at=set_at,
            set_by=set_by,
            advanced_seconds=advanced_seconds,
            fired=fired,
            webhooks=webhooks,
        )

        sandbox_clock_read.additional_properties = d
        return sandbox_clock_read

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
