from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_state import ChatState


T = TypeVar("T", bound="ChatRequest")


@_attrs_define
class ChatRequest:
    """
    Attributes:
        message (str): What the seller typed (at most 2000 characters).
        state (ChatState | None | Unset): The `state` of the previous turn.
    """

    message: str
    state: ChatState | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_state import ChatState  # noqa: PLC0415

        message = self.message

        state: dict[str, Any] | None | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, ChatState):
            state = self.state.to_dict()
        else:
            state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
            }
        )
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_state import ChatState  # noqa: PLC0415

        d = dict(src_dict)
        message = d.pop("message")

        def _parse_state(data: object) -> ChatState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                state_type_0 = ChatState.from_dict(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatState | None | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        chat_request = cls(
            message=message,
            state=state,
        )

        return chat_request
