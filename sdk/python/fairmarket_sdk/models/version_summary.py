from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.version_status import VersionStatus

T = TypeVar("T", bound="VersionSummary")


@_attrs_define
class VersionSummary:
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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
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

        version_summary = cls(
            id=id,
            number=number,
            status=status,
            rule_count=rule_count,
            tests_passed=tests_passed,
            created_at=created_at,
            created_by=created_by,
            status_changed_at=status_changed_at,
            status_changed_by=status_changed_by,
        )

        version_summary.additional_properties = d
        return version_summary

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
