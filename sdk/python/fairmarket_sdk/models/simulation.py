from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action_kind import ActionKind

if TYPE_CHECKING:
    from ..models.rule_trace import RuleTrace
    from ..models.simulation_actions_item import SimulationActionsItem
    from ..models.simulation_facts import SimulationFacts


T = TypeVar("T", bound="Simulation")


@_attrs_define
class Simulation:
    """
    Attributes:
        version_id (int):
        request_id (int):
        rule_id (None | str):
        decision (ActionKind):
        actions (list[SimulationActionsItem]):
        facts (SimulationFacts):
        trace (list[RuleTrace]):
        explanation (str):
    """

    version_id: int
    request_id: int
    rule_id: None | str
    decision: ActionKind
    actions: list[SimulationActionsItem]
    facts: SimulationFacts
    trace: list[RuleTrace]
    explanation: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version_id = self.version_id

        request_id = self.request_id

        rule_id: None | str
        rule_id = self.rule_id

        decision = self.decision.value

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        facts = self.facts.to_dict()

        trace = []
        for trace_item_data in self.trace:
            trace_item = trace_item_data.to_dict()
            trace.append(trace_item)

        explanation = self.explanation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version_id": version_id,
                "request_id": request_id,
                "rule_id": rule_id,
                "decision": decision,
                "actions": actions,
                "facts": facts,
                "trace": trace,
                "explanation": explanation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_trace import RuleTrace  # noqa: PLC0415
        from ..models.simulation_actions_item import SimulationActionsItem  # noqa: PLC0415
        from ..models.simulation_facts import SimulationFacts  # noqa: PLC0415

        d = dict(src_dict)
        version_id = d.pop("version_id")

        request_id = d.pop("request_id")

        def _parse_rule_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        decision = ActionKind(d.pop("decision"))

        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = SimulationActionsItem.from_dict(actions_item_data)

            actions.append(actions_item)

        facts = SimulationFacts.from_dict(d.pop("facts"))

        trace = []
        _trace = d.pop("trace")
        for trace_item_data in _trace:
            trace_item = RuleTrace.from_dict(trace_item_data)

            trace.append(trace_item)

        explanation = d.pop("explanation")

        simulation = cls(
            version_id=version_id,
            request_id=request_id,
            rule_id=rule_id,
            decision=decision,
            actions=actions,
            facts=facts,
            trace=trace,
            explanation=explanation,
        )

        simulation.additional_properties = d
        return simulation

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
