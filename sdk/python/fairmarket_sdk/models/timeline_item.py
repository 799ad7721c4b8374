from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_item_after_type_0 import TimelineItemAfterType0
    from ..models.timeline_item_before_type_0 import TimelineItemBeforeType0


T = TypeVar("T", bound="TimelineItem")


@_attrs_define
class TimelineItem:
    """
    Attributes:
        at (datetime.datetime):
        action (str):
        actor (str):
        actor_kind (str):
        channel (str):
        before (None | TimelineItemBeforeType0):
        after (None | TimelineItemAfterType0):
        reason (None | str):
        note (None | str):
    """

    at: datetime.datetime
    action: str
    actor: str
    actor_kind: str
    channel: str
    before: None | TimelineItemBeforeType0
    after: None | TimelineItemAfterType0
    reason: None | str
    note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.timeline_item_after_type_0 import TimelineItemAfterType0  # noqa: PLC0415
        from ..models.timeline_item_before_type_0 import TimelineItemBeforeType0  # noqa: PLC0415

        at = self.at.isoformat()

        action = self.action

        actor = self.actor

        actor_kind = self.actor_kind

        channel = self.channel

        before: dict[str, Any] | None
        if isinstance(self.before, TimelineItemBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None
        if isinstance(self.after, TimelineItemAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        reason: None | str
        reason = self.reason

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "action": action,
                "actor": actor,
                "actor_kind": actor_kind,
                "channel": channel,
                "before": before,
                "after": after,
                "reason": reason,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_item_after_type_0 import TimelineItemAfterType0  # noqa: PLC0415
        from ..models.timeline_item_before_type_0 import TimelineItemBeforeType0  # noqa: PLC0415

        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        action = d.pop("action")

        actor = d.pop("actor")

        actor_kind = d.pop("actor_kind")

        channel = d.pop("channel")

        def _parse_before(data: object) -> None | TimelineItemBeforeType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = TimelineItemBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimelineItemBeforeType0, data)

        before = _parse_before(d.pop("before"))

        def _parse_after(data: object) -> None | TimelineItemAfterType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = TimelineItemAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimelineItemAfterType0, data)

        after = _parse_after(d.pop("after"))

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

        timeline_item = cls(
            at=at,
            action=action,
            actor=actor,
            actor_kind=actor_kind,
            channel=channel,
            before=before,
            after=after,
            reason=reason,
            note=note,
        )

        timeline_item.additional_properties = d
        return timeline_item

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
