from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action_kind import ActionKind
from ..models.evaluation_mode import EvaluationMode
from ..models.evaluation_outcome import EvaluationOutcome
from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.evaluation_read_actions_item import EvaluationReadActionsItem
    from ..models.evaluation_read_facts import EvaluationReadFacts
    from ..models.rule_trace import RuleTrace


T = TypeVar("T", bound="EvaluationRead")


@_attrs_define
class EvaluationRead:
    """
    Attributes:
        id (int):
        version_id (int):
        rule_set_name (str):
        version_number (int):
        request_id (int):
        trigger (Trigger):
        mode (EvaluationMode): Whether an evaluation's version was active (its decision applied) or in shadow.
        rule_id (None | str):
        decision (ActionKind):
        actions (list[EvaluationReadActionsItem]):
        outcome (EvaluationOutcome):
        outcome_detail (None | str):
        facts (EvaluationReadFacts):
        trace (list[RuleTrace]):
        created_at (datetime.datetime):
    """

    id: int
    version_id: int
    rule_set_name: str
    version_number: int
    request_id: int
    trigger: Trigger
    mode: EvaluationMode
    rule_id: None | str
    decision: ActionKind
    actions: list[EvaluationReadActionsItem]
    outcome: EvaluationOutcome
    outcome_detail: None | str
    facts: EvaluationReadFacts
    trace: list[RuleTrace]
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        version_id = self.version_id

        rule_set_name = self.rule_set_name

        version_number = self.version_number

        request_id = self.request_id

        trigger = self.trigger.value

        mode = self.mode.value

        rule_id: None | str
        rule_id = self.rule_id

        decision = self.decision.value

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        outcome = self.outcome.value

        outcome_detail: None | str
        outcome_detail = self.outcome_detail

        facts = self.facts.to_dict()

        trace = []
        for trace_item_data in self.trace:
            trace_item = trace_item_data.to_dict()
            trace.append(trace_item)

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "version_id": version_id,
                "rule_set_name": rule_set_name,
                "version_number": version_number,
                "request_id": request_id,
                "trigger": trigger,
                "mode": mode,
                "rule_id": rule_id,
                "decision": decision,
                "actions": actions,
                "outcome": outcome,
                "outcome_detail": outcome_detail,
                "facts": facts,
                "trace": trace,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluation_read_actions_item import EvaluationReadActionsItem  # noqa: PLC0415
        from ..models.evaluation_read_facts import EvaluationReadFacts  # noqa: PLC0415
        from ..models.rule_trace import RuleTrace  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        version_id = d.pop("version_id")

        rule_set_name = d.pop("rule_set_name")

        version_number = d.pop("version_number")

        request_id = d.pop("request_id")

        trigger = Trigger(d.pop("trigger"))

        mode = EvaluationMode(d.pop("mode"))

        def _parse_rule_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        decision = ActionKind(d.pop("decision"))

        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = EvaluationReadActionsItem.from_dict(actions_item_data)

            actions.append(actions_item)

        outcome = EvaluationOutcome(d.pop("outcome"))

        def _parse_outcome_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome_detail = _parse_outcome_detail(d.pop("outcome_detail"))

        facts = EvaluationReadFacts.from_dict(d.pop("facts"))

        trace = []
        _trace = d.pop("trace")
        for trace_item_data in _trace:
            trace_item = RuleTrace.from_dict(trace_item_data)

            trace.append(trace_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        evaluation_read = cls(
            id=id,
            version_id=version_id,
            rule_set_name=rule_set_name,
            version_number=version_number,
            request_id=request_id,
            trigger=trigger,
            mode=mode,
            rule_id=rule_id,
            decision=decision,
            actions=actions,
            outcome=outcome,
            outcome_detail=outcome_detail,
            facts=facts,
            trace=trace,
            created_at=created_at,
        )

        evaluation_read.additional_properties = d
        return evaluation_read

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
