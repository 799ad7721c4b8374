from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RulesSimulateBody")


@_attrs_define
class RulesSimulateBody:
    """
    Attributes:
        request_id (int): The after-sale request to evaluate (nothing is applied).
    """

    request_id: int

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "request_id": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("request_id")

        rules_simulate_body = cls(
            request_id=request_id,
        )

        return rules_simulate_body
