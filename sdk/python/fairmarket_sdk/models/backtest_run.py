from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.action_count import ActionCount
    from ..models.label_score import LabelScore


T = TypeVar("T", bound="BacktestRun")


@_attrs_define
class BacktestRun:
    """
    Attributes:
        version_id (int):
        rule_set_name (str):
        version_number (int):
        requests (int):
        decisions (list[ActionCount]):
        by_rule (list[ActionCount]):
        differing (int):
        refund_actual_minor (int):
        refund_replayed_minor (int):
        refund_difference_minor (int):
        auto_resolution_before (float | None):
        auto_resolution_after (float | None):
        labelled (int):
        scores (list[LabelScore]):
        seconds (float):
    """

    version_id: int
    rule_set_name: str
    version_number: int
    requests: int
    decisions: list[ActionCount]
    by_rule: list[ActionCount]
    differing: int
    refund_actual_minor: int
    refund_replayed_minor: int
    refund_difference_minor: int
    auto_resolution_before: float | None
    auto_resolution_after: float | None
    labelled: int
    scores: list[LabelScore]
    seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version_id = self.version_id

        rule_set_name = self.rule_set_name

        version_number = self.version_number

        requests = self.requests

        decisions = []
        for decisions_item_data in self.decisions:
            decisions_item = decisions_item_data.to_dict()
            decisions.append(decisions_item)

        by_rule = []
        for by_rule_item_data in self.by_rule:
            by_rule_item = by_rule_item_data.to_dict()
            by_rule.append(by_rule_item)

        differing = self.differing

        refund_actual_minor = self.refund_actual_minor

        refund_replayed_minor = self.refund_replayed_minor

        refund_difference_minor = self.refund_difference_minor

        auto_resolution_before: float | None
        auto_resolution_before = self.auto_resolution_before

        auto_resolution_after: float | None
        auto_resolution_after = self.auto_resolution_after

        labelled = self.labelled

        scores = []
        for scores_item_data in self.scores:
            scores_item = scores_item_data.to_dict()
            scores.append(scores_item)

        seconds = self.seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version_id": version_id,
                "rule_set_name": rule_set_name,
                "version_number": version_number,
                "requests": requests,
                "decisions": decisions,
                "by_rule": by_rule,
                "differing": differing,
                "refund_actual_minor": refund_actual_minor,
                "refund_replayed_minor": refund_replayed_minor,
                "refund_difference_minor": refund_difference_minor,
                "auto_resolution_before": auto_resolution_before,
                "auto_resolution_after": auto_resolution_after,
                "labelled": labelled,
                "scores": scores,
                "seconds": seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_count import ActionCount  # noqa: PLC0415
        from ..models.label_score import LabelScore  # noqa: PLC0415

        d = dict(src_dict)
        version_id = d.pop("version_id")

        rule_set_name = d.pop("rule_set_name")

        version_number = d.pop("version_number")

        requests = d.pop("requests")

        decisions = []
        _decisions = d.pop("decisions")
        for decisions_item_data in _decisions:
            decisions_item = ActionCount.from_dict(decisions_item_data)

            decisions.append(decisions_item)

        by_rule = []
        _by_rule = d.pop("by_rule")
        for by_rule_item_data in _by_rule:
            by_rule_item = ActionCount.from_dict(by_rule_item_data)

            by_rule.append(by_rule_item)

        differing = d.pop("differing")

        refund_actual_minor = d.pop("refund_actual_minor")

        refund_replayed_minor = d.pop("refund_replayed_minor")

        refund_difference_minor = d.pop("refund_difference_minor")

        def _parse_auto_resolution_before(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        auto_resolution_before = _parse_auto_resolution_before(d.pop("auto_resolution_before"))

        def _parse_auto_resolution_after(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        auto_resolution_after = _parse_auto_resolution_after(d.pop("auto_resolution_after"))

        labelled = d.pop("labelled")

        scores = []
        _scores = d.pop("scores")
        for scores_item_data in _scores:
            scores_item = LabelScore.from_dict(scores_item_data)

            scores.append(scores_item)

        seconds = d.pop("seconds")

        backtest_run = cls(
            version_id=version_id,
            rule_set_name=rule_set_name,
            version_number=version_number,
            requests=requests,
            decisions=decisions,
            by_rule=by_rule,
            differing=differing,
            refund_actual_minor=refund_actual_minor,
            refund_replayed_minor=refund_replayed_minor,
            refund_difference_minor=refund_difference_minor,
            auto_resolution_before=auto_resolution_before,
            auto_resolution_after=auto_resolution_after,
            labelled=labelled,
            scores=scores,
            seconds=seconds,
        )

        backtest_run.additional_properties = d
        return backtest_run

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
