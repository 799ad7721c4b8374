from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_problem import FieldProblem
    from ..models.problem_current_state import ProblemCurrentState


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """RFC 9457 problem details, with a stable `code`.

    Attributes:
        type_ (str):
        title (str):
        status (int):
        detail (str): What went wrong and what to do next.
        instance (str): urn:request:<X-Request-Id>.
        code (str): Stable machine-readable error code.
        errors (list[FieldProblem] | Unset):
        current_state (ProblemCurrentState | Unset): The resource as it is now.
    """

    type_: str
    title: str
    status: int
    detail: str
    instance: str
    code: str
    errors: list[FieldProblem] | Unset = UNSET
    current_state: ProblemCurrentState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        instance = self.instance

        code = self.code

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        current_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.current_state, Unset):
            current_state = self.current_state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
                "instance": instance,
                "code": code,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors
        if current_state is not UNSET:
            field_dict["current_state"] = current_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_problem import FieldProblem  # noqa: PLC0415
        from ..models.problem_current_state import ProblemCurrentState  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail")

        instance = d.pop("instance")

        code = d.pop("code")

        _errors = d.pop("errors", UNSET)
        errors: list[FieldProblem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldProblem.from_dict(errors_item_data)

                errors.append(errors_item)

        _current_state = d.pop("current_state", UNSET)
        current_state: ProblemCurrentState | Unset
        if isinstance(_current_state, Unset):
            current_state = UNSET
        else:
            current_state = ProblemCurrentState.from_dict(_current_state)

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
            code=code,
            errors=errors,
            current_state=current_state,
        )

        problem.additional_properties = d
        return problem

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
