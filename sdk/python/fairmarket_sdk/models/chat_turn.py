from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_state import ChatState
    from ..models.field_problem_read import FieldProblemRead


T = TypeVar("T", bound="ChatTurn")


@_attrs_define
class ChatTurn:
    """
    Attributes:
        reply (str):
        state (ChatState): What the bot remembers between turns; the client sends it back with the next message.

            `confirmation_id` is a one-time value minted when the bot asks "yes or no?". A "yes" consumes
            it server-side, so replaying an old state with "yes" cannot run the change a second time.
        capability (None | str | Unset):
        status (str | Unset):  Default: 'answered'.
        data (Any | Unset):
        error_code (None | str | Unset):
        error_kind (None | str | Unset):
        errors (list[FieldProblemRead] | Unset):
    """

    reply: str
    state: ChatState
    capability: None | str | Unset = UNSET
    status: str | Unset = "answered"
    data: Any | Unset = UNSET
    error_code: None | str | Unset = UNSET
    error_kind: None | str | Unset = UNSET
    errors: list[FieldProblemRead] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reply = self.reply

        state = self.state.to_dict()

        capability: None | str | Unset
        if isinstance(self.capability, Unset):
            capability = UNSET
        else:
            capability = self.capability

        status = self.status

        data = self.data

        error_code: None | str | Unset
        if isinstance(self.error_code, Unset):
            error_code = UNSET
        else:
            error_code = self.error_code

        error_kind: None | str | Unset
        if isinstance(self.error_kind, Unset):
            error_kind = UNSET
        else:
            error_kind = self.error_kind

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reply": reply,
                "state": state,
            }
        )
        if capability is not UNSET:
            field_dict["capability"] = capability
        if status is not UNSET:
            field_dict["status"] = status
        if data is not UNSET:
            field_dict["data"] = data
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if error_kind is not UNSET:
            field_dict["error_kind"] = error_kind
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_state import ChatState  # noqa: PLC0415
        from ..models.field_problem_read import FieldProblemRead  # noqa: PLC0415

        d = dict(src_dict)
        reply = d.pop("reply")

        state = ChatState.from_dict(d.pop("state"))

        def _parse_capability(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        capability = _parse_capability(d.pop("capability", UNSET))

        status = d.pop("status", UNSET)

        data = d.pop("data", UNSET)

        def _parse_error_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_code = _parse_error_code(d.pop("error_code", UNSET))

        def _parse_error_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_kind = _parse_error_kind(d.pop("error_kind", UNSET))

        _errors = d.pop("errors", UNSET)
        errors: list[FieldProblemRead] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldProblemRead.from_dict(errors_item_data)

                errors.append(errors_item)

        chat_turn = cls(
            reply=reply,
            state=state,
            capability=capability,
            status=status,
            data=data,
            error_code=error_code,
            error_kind=error_kind,
            errors=errors,
        )

        chat_turn.additional_properties = d
        return chat_turn

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
