from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.rule_problem import RuleProblem
    from ..models.rule_summary import RuleSummary
    from ..models.test_report import TestReport


T = TypeVar("T", bound="ValidationReport")


@_attrs_define
class ValidationReport:
    """
    Attributes:
        valid (bool):
        name (None | str):
        trigger (None | Trigger):
        problems (list[RuleProblem]):
        rules (list[RuleSummary]):
        tests (None | TestReport):
    """

    valid: bool
    name: None | str
    trigger: None | Trigger
    problems: list[RuleProblem]
    rules: list[RuleSummary]
    tests: None | TestReport
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.test_report import TestReport  # noqa: PLC0415

        valid = self.valid

        name: None | str
        name = self.name

        trigger: None | str
        if isinstance(self.trigger, Trigger):
            trigger = self.trigger.value
        else:
            trigger = self.trigger

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        tests: dict[str, Any] | None
        if isinstance(self.tests, TestReport):
            tests = self.tests.to_dict()
        else:
            tests = self.tests

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
                "name": name,
                "trigger": trigger,
                "problems": problems,
                "rules": rules,
                "tests": tests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_problem import RuleProblem  # noqa: PLC0415
        from ..models.rule_summary import RuleSummary  # noqa: PLC0415
        from ..models.test_report import TestReport  # noqa: PLC0415

        d = dict(src_dict)
        valid = d.pop("valid")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_trigger(data: object) -> None | Trigger:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trigger_type_0 = Trigger(data)

                return trigger_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Trigger, data)

        trigger = _parse_trigger(d.pop("trigger"))

        problems = []
        _problems = d.pop("problems")
        for problems_item_data in _problems:
            problems_item = RuleProblem.from_dict(problems_item_data)

            problems.append(problems_item)

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = RuleSummary.from_dict(rules_item_data)

            rules.append(rules_item)

        def _parse_tests(data: object) -> None | TestReport:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tests_type_0 = TestReport.from_dict(data)

                return tests_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestReport, data)

        tests = _parse_tests(d.pop("tests"))

        validation_report = cls(
            valid=valid,
            name=name,
            trigger=trigger,
            problems=problems,
            rules=rules,
            tests=tests,
        )

        validation_report.additional_properties = d
        return validation_report

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
