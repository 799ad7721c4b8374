from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RulesBacktestBody")


@_attrs_define
class RulesBacktestBody:
    """
    Attributes:
        from_date (datetime.date): First day of requests to replay (UTC, inclusive).
        to_date (datetime.date): Last day of requests to replay (UTC, inclusive).
        compare_version_id (int | None | Unset): Replay this version too and report the two side by side.
    """

    from_date: datetime.date
    to_date: datetime.date
    compare_version_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_date = self.from_date.isoformat()

        to_date = self.to_date.isoformat()

        compare_version_id: int | None | Unset
        if isinstance(self.compare_version_id, Unset):
            compare_version_id = UNSET
        else:
            compare_version_id = self.compare_version_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_date": from_date,
                "to_date": to_date,
            }
        )
        if compare_version_id is not UNSET:
            field_dict["compare_version_id"] = compare_version_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        def _parse_compare_version_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        compare_version_id = _parse_compare_version_id(d.pop("compare_version_id", UNSET))

        rules_backtest_body = cls(
            from_date=from_date,
            to_date=to_date,
            compare_version_id=compare_version_id,
        )

        return rules_backtest_body
