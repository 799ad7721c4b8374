from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RulesCreateDraftBody")


@_attrs_define
class RulesCreateDraftBody:
    """
    Attributes:
        source (str): The rule set's YAML text; its `name` picks the rule set (new or existing).
    """

    source: str

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        rules_create_draft_body = cls(
            source=source,
        )

        return rules_create_draft_body
