from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SandboxBuyerEscalateBody")


@_attrs_define
class SandboxBuyerEscalateBody:
    """
    Attributes:
        note (str): What the agent should know.
        evidence (list[str] | Unset): https links (at most 5).
    """

    note: str
    evidence: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        note = self.note

        evidence: list[str] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "note": note,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        note = d.pop("note")

        evidence = cast(list[str], d.pop("evidence", UNSET))

        sandbox_buyer_escalate_body = cls(
            note=note,
            evidence=evidence,
        )

        return sandbox_buyer_escalate_body
