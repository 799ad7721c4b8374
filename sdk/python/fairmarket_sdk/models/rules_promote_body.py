from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.rules_promote_body_to import RulesPromoteBodyTo

T = TypeVar("T", bound="RulesPromoteBody")


@_attrs_define
class RulesPromoteBody:
    """
    Attributes:
        to (RulesPromoteBodyTo): shadow first, then active.
    """

    to: RulesPromoteBodyTo

    def to_dict(self) -> dict[str, Any]:
        to = self.to.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = RulesPromoteBodyTo(d.pop("to"))

        rules_promote_body = cls(
            to=to,
        )

        return rules_promote_body
