from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_failure import DeliveryFailure
from ..models.delivery_status import DeliveryStatus

if TYPE_CHECKING:
    from ..models.webhook_attempt_read import WebhookAttemptRead


T = TypeVar("T", bound="WebhookDeliveryRead")


@_attrs_define
class WebhookDeliveryRead:
    """
    Attributes:
        id (int):
        endpoint_id (int):
        event_id (int):
        webhook_id (str): The `webhook-id` header: the same on every retry.
        event_type (str):
        status (DeliveryStatus):
        attempts (int):
        next_attempt_at (datetime.datetime | None): When it is tried next, while pending.
        last_status_code (int | None):
        last_failure (DeliveryFailure | None): Why the last attempt failed.
        last_error (None | str): The last failure in words.
        created_at (datetime.datetime):
        updated_at (datetime.datetime): The last attempt, give-up or redelivery.
        delivered_at (datetime.datetime | None):
        attempt_log (list[WebhookAttemptRead]):
    """

    id: int
    endpoint_id: int
    event_id: int
    webhook_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_status_code: int | None
    last_failure: DeliveryFailure | None
    last_error: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    delivered_at: datetime.datetime | None
    attempt_log: list[WebhookAttemptRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        endpoint_id = self.endpoint_id

        event_id = self.event_id

        webhook_id = self.webhook_id

        event_type = self.event_type

        status = self.status.value

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_status_code: int | None
        last_status_code = self.last_status_code

        last_failure: None | str
        if isinstance(self.last_failure, DeliveryFailure):
            last_failure = self.last_failure.value
        else:
            last_failure = self.last_failure

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "endpoint_id": endpoint_id,
                "event_id": event_id,
                "webhook_id": webhook_id,
                "event_type": event_type,
                "status": status,
                "attempts": attempts,
                "next_attempt_at": next_attempt_at,
                "last_status_code": last_status_code,
                "last_failure": last_failure,
                "last_error": last_error,
                "created_at": created_at,
                "updated_at": updated_at,
                "delivered_at": delivered_at,
                "attempt_log": attempt_log,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_attempt_read import WebhookAttemptRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        endpoint_id = d.pop("endpoint_id")

        event_id = d.pop("event_id")

        webhook_id = d.pop("webhook_id")

        event_type = d.pop("event_type")

        status = DeliveryStatus(d.pop("status"))

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))

        def _parse_last_failure(data: object) -> DeliveryFailure | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_failure_type_0 = DeliveryFailure(data)

                return last_failure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryFailure | None, data)

        last_failure = _parse_last_failure(d.pop("last_failure"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        attempt_log = []
        _attempt_log = d.pop("attempt_log")
        for attempt_log_item_data in _attempt_log:
            attempt_log_item = WebhookAttemptRead.from_dict(attempt_log_item_data)

            attempt_log.append(attempt_log_item)

        webhook_delivery_read = cls(
            id=id,
            endpoint_id=endpoint_id,
            event_id=event_id,
            webhook_id=webhook_id,
            event_type=event_type,
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_status_code=last_status_code,
            last_failure=last_failure,
            last_error=last_error,
            created_at=created_at,
            updated_at=updated_at,
            delivered_at=delivered_at,
            attempt_log=attempt_log,
        )

        webhook_delivery_read.additional_properties = d
        return webhook_delivery_read

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
