from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action_kind import ActionKind
from ..models.evaluation_outcome import EvaluationOutcome

if TYPE_CHECKING:
    from ..models.condition_outcome import ConditionOutcome


T = TypeVar("T", bound="DecisionExplanation")


@_attrs_define
class DecisionExplanation:
    """For sellers (and agents): which rule decided a request and why, in plain words.

    Attributes:
        request_id (int):
        decided_by_rule (bool):
        summary (str):
        rule_set_name (None | str):
        version_number (int | None):
        rule_id (None | str):
        rule_description (None | str):
        decision (ActionKind | None):
        outcome (EvaluationOutcome | None):
        reasons (list[ConditionOutcome]):
        decided_at (datetime.datetime | None):
    """

    request_id: int
    decided_by_rule: bool
    summary: str
    rule_set_name: None | str
    version_number: int | None
    rule_id: None | str
    rule_description: None | str
    decision: ActionKind | None
    outcome: EvaluationOutcome | None
    reasons: list[ConditionOutcome]
    decided_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        decided_by_rule = self.decided_by_rule

        summary = self.summary

        rule_set_name: None | str
        rule_set_name = self.rule_set_name

        version_number: int | None
        version_number = self.version_number

        rule_id: None | str
        rule_id = self.rule_id

        rule_description: None | str
        rule_description = self.rule_description

        decision: None | str
        if isinstance(self.decision, ActionKind):
            decision = self.decision.value
        else:
            decision = self.decision

        outcome: None | str
        if isinstance(self.outcome, EvaluationOutcome):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "decided_by_rule": decided_by_rule,
                "summary": summary,
                "rule_set_name": rule_set_name,
                "version_number": version_number,
                "rule_id": rule_id,
                "rule_description": rule_description,
                "decision": decision,
                "outcome": outcome,
                "reasons": reasons,
                "decided_at": decided_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_outcome import ConditionOutcome  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("request_id")

        decided_by_rule = d.pop("decided_by_rule")

        summary = d.pop("summary")

        def _parse_rule_set_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_set_name = _parse_rule_set_name(d.pop("rule_set_name"))

        def _parse_version_number(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version_number = _parse_version_number(d.pop("version_number"))

        def _parse_rule_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        def _parse_rule_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_description = _parse_rule_description(d.pop("rule_description"))

        def _parse_decision(data: object) -> ActionKind | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decision_type_0 = ActionKind(data)

                return decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActionKind | None, data)

        decision = _parse_decision(d.pop("decision"))

        def _parse_outcome(data: object) -> EvaluationOutcome | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = EvaluationOutcome(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvaluationOutcome | None, data)

        outcome = _parse_outcome(d.pop("outcome"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ConditionOutcome.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        decision_explanation = cls(
            request_id=request_id,
            decided_by_rule=decided_by_rule,
            summary=summary,
            rule_set_name=rule_set_name,
            version_number=version_number,
            rule_id=rule_id,
            rule_description=rule_description,
            decision=decision,
            outcome=outcome,
            reasons=reasons,
            decided_at=decided_at,
        )

        decision_explanation.additional_properties = d
        return decision_explanation

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
