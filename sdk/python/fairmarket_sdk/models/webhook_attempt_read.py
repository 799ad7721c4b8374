from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_failure import DeliveryFailure

T = TypeVar("T", bound="WebhookAttemptRead")


@_attrs_define
class WebhookAttemptRead:
    """
    Attributes:
        at (datetime.datetime):
        status_code (int | None): The receiver's HTTP status, if it answered.
        failure (DeliveryFailure | None): Why it failed; null on a 2xx.
        error (None | str): The failure in words, and what to check.
        duration_ms (int):
    """

    at: datetime.datetime
    status_code: int | None
    failure: DeliveryFailure | None
    error: None | str
    duration_ms: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        status_code: int | None
        status_code = self.status_code

        failure: None | str
        if isinstance(self.failure, DeliveryFailure):
            failure = self.failure.value
        else:
            failure = self.failure

        error: None | str
        error = self.error

        duration_ms = self.duration_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "status_code": status_code,
                "failure": failure,
                "error": error,
                "duration_ms": duration_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))

        def _parse_failure(data: object) -> DeliveryFailure | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failure_type_0 = DeliveryFailure(data)

                return failure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryFailure | None, data)

        failure = _parse_failure(d.pop("failure"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        duration_ms = d.pop("duration_ms")

        webhook_attempt_read = cls(
            at=at,
            status_code=status_code,
            failure=failure,
            error=error,
            duration_ms=duration_ms,
        )

        webhook_attempt_read.additional_properties = d
        return webhook_attempt_read

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
