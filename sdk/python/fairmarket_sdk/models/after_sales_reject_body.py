from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reject_reason import RejectReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="AfterSalesRejectBody")


@_attrs_define
class AfterSalesRejectBody:
    """
    Attributes:
        reason (RejectReason):
        note (None | str | Unset): Explanation to the buyer.
        evidence (list[str] | Unset): https links (at most 5).
    """

    reason: RejectReason
    note: None | str | Unset = UNSET
    evidence: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        evidence: list[str] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = RejectReason(d.pop("reason"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        evidence = cast(list[str], d.pop("evidence", UNSET))

        after_sales_reject_body = cls(
            reason=reason,
            note=note,
            evidence=evidence,
        )

        return after_sales_reject_body
