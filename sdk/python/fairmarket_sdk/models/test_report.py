from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.test_case_result import TestCaseResult


T = TypeVar("T", bound="TestReport")


@_attrs_define
class TestReport:
    """
    Attributes:
        passed (bool):
        total (int):
        failures (int):
        results (list[TestCaseResult]):
    """

    passed: bool
    total: int
    failures: int
    results: list[TestCaseResult]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        passed = self.passed

        total = self.total

        failures = self.failures

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "passed": passed,
                "total": total,
                "failures": failures,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_case_result import TestCaseResult  # noqa: PLC0415

        d = dict(src_dict)
        passed = d.pop("passed")

        total = d.pop("total")

        failures = d.pop("failures")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = TestCaseResult.from_dict(results_item_data)

            results.append(results_item)

        test_report = cls(
            passed=passed,
            total=total,
            failures=failures,
            results=results,
        )

        test_report.additional_properties = d
        return test_report

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
