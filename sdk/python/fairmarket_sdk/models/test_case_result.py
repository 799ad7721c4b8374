from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TestCaseResult")


@_attrs_define
class TestCaseResult:
    """
    Attributes:
        name (str):
        line (int | None):
        passed (bool):
        expected_rule (None | str):
        expected_action (str):
        actual_rule (None | str):
        actual_action (str):
        message (str):
    """

    name: str
    line: int | None
    passed: bool
    expected_rule: None | str
    expected_action: str
    actual_rule: None | str
    actual_action: str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        line: int | None
        line = self.line

        passed = self.passed

        expected_rule: None | str
        expected_rule = self.expected_rule

        expected_action = self.expected_action

        actual_rule: None | str
        actual_rule = self.actual_rule

        actual_action = self.actual_action

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "line": line,
                "passed": passed,
                "expected_rule": expected_rule,
                "expected_action": expected_action,
                "actual_rule": actual_rule,
                "actual_action": actual_action,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_line(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        line = _parse_line(d.pop("line"))

        passed = d.pop("passed")

        def _parse_expected_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expected_rule = _parse_expected_rule(d.pop("expected_rule"))

        expected_action = d.pop("expected_action")

        def _parse_actual_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actual_rule = _parse_actual_rule(d.pop("actual_rule"))

        actual_action = d.pop("actual_action")

        message = d.pop("message")

        test_case_result = cls(
            name=name,
            line=line,
            passed=passed,
            expected_rule=expected_rule,
            expected_action=expected_action,
            actual_rule=actual_rule,
            actual_action=actual_action,
            message=message,
        )

        test_case_result.additional_properties = d
        return test_case_result

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
