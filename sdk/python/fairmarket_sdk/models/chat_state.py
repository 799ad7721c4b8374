from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_state_arguments import ChatStateArguments


T = TypeVar("T", bound="ChatState")


@_attrs_define
class ChatState:
    """What the bot remembers between turns; the client sends it back with the next message.

    `confirmation_id` is a one-time value minted when the bot asks "yes or no?". A "yes" consumes
    it server-side, so replaying an old state with "yes" cannot run the change a second time.

        Attributes:
            pending_capability (None | str | Unset):
            arguments (ChatStateArguments | Unset):
            awaiting (None | str | Unset):
            confirmation_id (None | str | Unset):
            prompt (None | str | Unset):
    """

    pending_capability: None | str | Unset = UNSET
    arguments: ChatStateArguments | Unset = UNSET
    awaiting: None | str | Unset = UNSET
    confirmation_id: None | str | Unset = UNSET
    prompt: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pending_capability: None | str | Unset
        if isinstance(self.pending_capability, Unset):
            pending_capability = UNSET
        else:
            pending_capability = self.pending_capability

        arguments: dict[str, Any] | Unset = UNSET
        if not isinstance(self.arguments, Unset):
            arguments = self.arguments.to_dict()

        awaiting: None | str | Unset
        if isinstance(self.awaiting, Unset):
            awaiting = UNSET
        else:
            awaiting = self.awaiting

        confirmation_id: None | str | Unset
        if isinstance(self.confirmation_id, Unset):
            confirmation_id = UNSET
        else:
            confirmation_id = self.confirmation_id

        prompt: None | str | Unset
        if isinstance(self.prompt, Unset):
            prompt = UNSET
        else:
            prompt = self.prompt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pending_capability is not UNSET:
            field_dict["pending_capability"] = pending_capability
        if arguments is not UNSET:
            field_dict["arguments"] = arguments
        if awaiting is not UNSET:
            field_dict["awaiting"] = awaiting
        if confirmation_id is not UNSET:
            field_dict["confirmation_id"] = confirmation_id
        if prompt is not UNSET:
            field_dict["prompt"] = prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_state_arguments import ChatStateArguments  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_pending_capability(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pending_capability = _parse_pending_capability(d.pop("pending_capability", UNSET))

        _arguments = d.pop("arguments", UNSET)
        arguments: ChatStateArguments | Unset
        if isinstance(_arguments, Unset):
            arguments = UNSET
        else:
            arguments = ChatStateArguments.from_dict(_arguments)

        def _parse_awaiting(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        awaiting = _parse_awaiting(d.pop("awaiting", UNSET))

        def _parse_confirmation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        confirmation_id = _parse_confirmation_id(d.pop("confirmation_id", UNSET))

        def _parse_prompt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prompt = _parse_prompt(d.pop("prompt", UNSET))

        chat_state = cls(
            pending_capability=pending_capability,
            arguments=arguments,
            awaiting=awaiting,
            confirmation_id=confirmation_id,
            prompt=prompt,
        )

        chat_state.additional_properties = d
        return chat_state

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
