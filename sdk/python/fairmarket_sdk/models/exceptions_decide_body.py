from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.exceptions_decide_body_action import ExceptionsDecideBodyAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExceptionsDecideBody")


@_attrs_define
class ExceptionsDecideBody:
    """
    Attributes:
        action (ExceptionsDecideBodyAction): The agent's decision; recorded as the label back-tests learn from.
        reason (None | str | Unset): A reject reason code.
        note (None | str | Unset): Why; required to reject.
        amount_minor (int | None | Unset): A partial refund (an offer the buyer accepts); full when absent.
    """

    action: ExceptionsDecideBodyAction
    reason: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    amount_minor: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        amount_minor: int | None | Unset
        if isinstance(self.amount_minor, Unset):
            amount_minor = UNSET
        else:
            amount_minor = self.amount_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if note is not UNSET:
            field_dict["note"] = note
        if amount_minor is not UNSET:
            field_dict["amount_minor"] = amount_minor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ExceptionsDecideBodyAction(d.pop("action"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_amount_minor(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_minor = _parse_amount_minor(d.pop("amount_minor", UNSET))

        exceptions_decide_body = cls(
            action=action,
            reason=reason,
            note=note,
            amount_minor=amount_minor,
        )

        return exceptions_decide_body
