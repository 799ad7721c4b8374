from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.action_view import ActionView
    from ..models.reason_view import ReasonView
    from ..models.status_view import StatusView


T = TypeVar("T", bound="JourneyView")


@_attrs_define
class JourneyView:
    """
    Attributes:
        type_ (str):
        description (str):
        kinds (list[str]):
        initial (str):
        order_statuses (list[str]):
        refund_shipping (str):
        statuses (list[StatusView]):
        actions (list[ActionView]):
        reasons (list[ReasonView]):
    """

    type_: str
    description: str
    kinds: list[str]
    initial: str
    order_statuses: list[str]
    refund_shipping: str
    statuses: list[StatusView]
    actions: list[ActionView]
    reasons: list[ReasonView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        description = self.description

        kinds = self.kinds

        initial = self.initial

        order_statuses = self.order_statuses

        refund_shipping = self.refund_shipping

        statuses = []
        for statuses_item_data in self.statuses:
            statuses_item = statuses_item_data.to_dict()
            statuses.append(statuses_item)

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "description": description,
                "kinds": kinds,
                "initial": initial,
                "order_statuses": order_statuses,
                "refund_shipping": refund_shipping,
                "statuses": statuses,
                "actions": actions,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_view import ActionView  # noqa: PLC0415
        from ..models.reason_view import ReasonView  # noqa: PLC0415
        from ..models.status_view import StatusView  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        description = d.pop("description")

        kinds = cast(list[str], d.pop("kinds"))

        initial = d.pop("initial")

        order_statuses = cast(list[str], d.pop("order_statuses"))

        refund_shipping = d.pop("refund_shipping")

        statuses = []
        _statuses = d.pop("statuses")
        for statuses_item_data in _statuses:
            statuses_item = StatusView.from_dict(statuses_item_data)

            statuses.append(statuses_item)

        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = ActionView.from_dict(actions_item_data)

            actions.append(actions_item)

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ReasonView.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        journey_view = cls(
            type_=type_,
            description=description,
            kinds=kinds,
            initial=initial,
            order_statuses=order_statuses,
            refund_shipping=refund_shipping,
            statuses=statuses,
            actions=actions,
            reasons=reasons,
        )

        journey_view.additional_properties = d
        return journey_view

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
