from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.backtest_run import BacktestRun


T = TypeVar("T", bound="BacktestReport")


@_attrs_define
class BacktestReport:
    """
    Attributes:
        from_date (datetime.date):
        to_date (datetime.date):
        trigger (Trigger):
        facts_backfilled (int):
        run (BacktestRun):
        compared (BacktestRun | None):
        disagreements (int | None):
    """

    from_date: datetime.date
    to_date: datetime.date
    trigger: Trigger
    facts_backfilled: int
    run: BacktestRun
    compared: BacktestRun | None
    disagreements: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.backtest_run import BacktestRun  # noqa: PLC0415

        from_date = self.from_date.isoformat()

        to_date = self.to_date.isoformat()

        trigger = self.trigger.value

        facts_backfilled = self.facts_backfilled

        run = self.run.to_dict()

        compared: dict[str, Any] | None
        if isinstance(self.compared, BacktestRun):
            compared = self.compared.to_dict()
        else:
            compared = self.compared

        disagreements: int | None
        disagreements = self.disagreements

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from_date": from_date,
                "to_date": to_date,
                "trigger": trigger,
                "facts_backfilled": facts_backfilled,
                "run": run,
                "compared": compared,
                "disagreements": disagreements,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backtest_run import BacktestRun  # noqa: PLC0415

        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        trigger = Trigger(d.pop("trigger"))

        facts_backfilled = d.pop("facts_backfilled")

        run = BacktestRun.from_dict(d.pop("run"))

        def _parse_compared(data: object) -> BacktestRun | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                compared_type_0 = BacktestRun.from_dict(data)

                return compared_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BacktestRun | None, data)

        compared = _parse_compared(d.pop("compared"))

        def _parse_disagreements(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        disagreements = _parse_disagreements(d.pop("disagreements"))

        backtest_report = cls(
            from_date=from_date,
            to_date=to_date,
            trigger=trigger,
            facts_backfilled=facts_backfilled,
            run=run,
            compared=compared,
            disagreements=disagreements,
        )

        backtest_report.additional_properties = d
        return backtest_report

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
