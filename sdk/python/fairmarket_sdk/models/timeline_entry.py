from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_entry_after_type_0 import TimelineEntryAfterType0
    from ..models.timeline_entry_before_type_0 import TimelineEntryBeforeType0


T = TypeVar("T", bound="TimelineEntry")


@_attrs_define
class TimelineEntry:
    """
    Attributes:
        at (datetime.datetime):
        action (str):
        actor (str):
        actor_kind (str):
        channel (str):
        reason (None | str):
        note (None | str):
        before (None | TimelineEntryBeforeType0):
        after (None | TimelineEntryAfterType0):
    """

    at: datetime.datetime
    action: str
    actor: str
    actor_kind: str
    channel: str
    reason: None | str
    note: None | str
    before: None | TimelineEntryBeforeType0
    after: None | TimelineEntryAfterType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.timeline_entry_after_type_0 import TimelineEntryAfterType0  # noqa: PLC0415
        from ..models.timeline_entry_before_type_0 import TimelineEntryBeforeType0  # noqa: PLC0415

        at = self.at.isoformat()

        action = self.action

        actor = self.actor

        actor_kind = self.actor_kind

        channel = self.channel

        reason: None | str
        reason = self.reason

        note: None | str
        note = self.note

        before: dict[str, Any] | None
        if isinstance(self.before, TimelineEntryBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None
        if isinstance(self.after, TimelineEntryAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "action": action,
                "actor": actor,
                "actor_kind": actor_kind,
                "channel": channel,
                "reason": reason,
                "note": note,
                "before": before,
                "after": after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_entry_after_type_0 import TimelineEntryAfterType0  # noqa: PLC0415
        from ..models.timeline_entry_before_type_0 import TimelineEntryBeforeType0  # noqa: PLC0415

        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        action = d.pop("action")

        actor = d.pop("actor")

        actor_kind = d.pop("actor_kind")

        channel = d.pop("channel")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        def _parse_before(data: object) -> None | TimelineEntryBeforeType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = TimelineEntryBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimelineEntryBeforeType0, data)

        before = _parse_before(d.pop("before"))

        def _parse_after(data: object) -> None | TimelineEntryAfterType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = TimelineEntryAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimelineEntryAfterType0, data)

        after = _parse_after(d.pop("after"))

        timeline_entry = cls(
            at=at,
            action=action,
            actor=actor,
            actor_kind=actor_kind,
            channel=channel,
            reason=reason,
            note=note,
            before=before,
            after=after,
        )

        timeline_entry.additional_properties = d
        return timeline_entry

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
