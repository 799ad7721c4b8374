from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger
from ..models.version_status import VersionStatus

if TYPE_CHECKING:
    from ..models.test_report import TestReport


T = TypeVar("T", bound="RuleSetVersionRead")


@_attrs_define
class RuleSetVersionRead:
    """
    Attributes:
        id (int):
        number (int):
        status (VersionStatus):
        rule_count (int):
        tests_passed (bool | None):
        created_at (datetime.datetime):
        created_by (str):
        status_changed_at (datetime.datetime):
        status_changed_by (str):
        rule_set_id (int):
        rule_set_name (str):
        trigger (Trigger):
        description (str):
        source (str):
        replaced_version_id (int | None):
        test_report (None | TestReport):
    """

    id: int
    number: int
    status: VersionStatus
    rule_count: int
    tests_passed: bool | None
    created_at: datetime.datetime
    created_by: str
    status_changed_at: datetime.datetime
    status_changed_by: str
    rule_set_id: int
    rule_set_name: str
    trigger: Trigger
    description: str
    source: str
    replaced_version_id: int | None
    test_report: None | TestReport
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.test_report import TestReport  # noqa: PLC0415

        id = self.id

        number = self.number

        status = self.status.value

        rule_count = self.rule_count

        tests_passed: bool | None
        tests_passed = self.tests_passed

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        status_changed_at = self.status_changed_at.isoformat()

        status_changed_by = self.status_changed_by

        rule_set_id = self.rule_set_id

        rule_set_name = self.rule_set_name

        trigger = self.trigger.value

        description = self.description

        source = self.source

        replaced_version_id: int | None
        replaced_version_id = self.replaced_version_id

        test_report: dict[str, Any] | None
        if isinstance(self.test_report, TestReport):
            test_report = self.test_report.to_dict()
        else:
            test_report = self.test_report

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "status": status,
                "rule_count": rule_count,
                "tests_passed": tests_passed,
                "created_at": created_at,
                "created_by": created_by,
                "status_changed_at": status_changed_at,
                "status_changed_by": status_changed_by,
                "rule_set_id": rule_set_id,
                "rule_set_name": rule_set_name,
                "trigger": trigger,
                "description": description,
                "source": source,
                "replaced_version_id": replaced_version_id,
                "test_report": test_report,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_report import TestReport  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        number = d.pop("number")

        status = VersionStatus(d.pop("status"))

        rule_count = d.pop("rule_count")

        def _parse_tests_passed(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        tests_passed = _parse_tests_passed(d.pop("tests_passed"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        status_changed_at = datetime.datetime.fromisoformat(d.pop("status_changed_at"))

        status_changed_by = d.pop("status_changed_by")

        rule_set_id = d.pop("rule_set_id")

        rule_set_name = d.pop("rule_set_name")

        trigger = Trigger(d.pop("trigger"))

        description = d.pop("description")

        source = d.pop("source")

        def _parse_replaced_version_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        replaced_version_id = _parse_replaced_version_id(d.pop("replaced_version_id"))

        def _parse_test_report(data: object) -> None | TestReport:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                test_report_type_0 = TestReport.from_dict(data)

                return test_report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestReport, data)

        test_report = _parse_test_report(d.pop("test_report"))

        rule_set_version_read = cls(
            id=id,
            number=number,
            status=status,
            rule_count=rule_count,
            tests_passed=tests_passed,
            created_at=created_at,
            created_by=created_by,
            status_changed_at=status_changed_at,
            status_changed_by=status_changed_by,
            rule_set_id=rule_set_id,
            rule_set_name=rule_set_name,
            trigger=trigger,
            description=description,
            source=source,
            replaced_version_id=replaced_version_id,
            test_report=test_report,
        )

        rule_set_version_read.additional_properties = d
        return rule_set_version_read

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
