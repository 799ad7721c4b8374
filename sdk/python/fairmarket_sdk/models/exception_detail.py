from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.after_sale_status import AfterSaleStatus
from ..models.exception_status import ExceptionStatus

if TYPE_CHECKING:
    from ..models.after_sale_read import AfterSaleRead
    from ..models.evaluation_read import EvaluationRead


T = TypeVar("T", bound="ExceptionDetail")


@_attrs_define
class ExceptionDetail:
    """
    Attributes:
        id (int):
        request_id (int):
        order_number (int):
        request_type (str):
        request_status (AfterSaleStatus):
        queue (str):
        priority (int):
        reason (str):
        deadline (datetime.datetime | None):
        status (ExceptionStatus):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        decided_by (None | str):
        label (None | str):
        request (AfterSaleRead):
        evaluation (EvaluationRead | None):
    """

    id: int
    request_id: int
    order_number: int
    request_type: str
    request_status: AfterSaleStatus
    queue: str
    priority: int
    reason: str
    deadline: datetime.datetime | None
    status: ExceptionStatus
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    decided_by: None | str
    label: None | str
    request: AfterSaleRead
    evaluation: EvaluationRead | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.evaluation_read import EvaluationRead  # noqa: PLC0415

        id = self.id

        request_id = self.request_id

        order_number = self.order_number

        request_type = self.request_type

        request_status = self.request_status.value

        queue = self.queue

        priority = self.priority

        reason = self.reason

        deadline: None | str
        if isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        status = self.status.value

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decided_by: None | str
        decided_by = self.decided_by

        label: None | str
        label = self.label

        request = self.request.to_dict()

        evaluation: dict[str, Any] | None
        if isinstance(self.evaluation, EvaluationRead):
            evaluation = self.evaluation.to_dict()
        else:
            evaluation = self.evaluation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "request_id": request_id,
                "order_number": order_number,
                "request_type": request_type,
                "request_status": request_status,
                "queue": queue,
                "priority": priority,
                "reason": reason,
                "deadline": deadline,
                "status": status,
                "created_at": created_at,
                "decided_at": decided_at,
                "decided_by": decided_by,
                "label": label,
                "request": request,
                "evaluation": evaluation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.after_sale_read import AfterSaleRead  # noqa: PLC0415
        from ..models.evaluation_read import EvaluationRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        request_id = d.pop("request_id")

        order_number = d.pop("order_number")

        request_type = d.pop("request_type")

        request_status = AfterSaleStatus(d.pop("request_status"))

        queue = d.pop("queue")

        priority = d.pop("priority")

        reason = d.pop("reason")

        def _parse_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.datetime.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deadline = _parse_deadline(d.pop("deadline"))

        status = ExceptionStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        request = AfterSaleRead.from_dict(d.pop("request"))

        def _parse_evaluation(data: object) -> EvaluationRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                evaluation_type_0 = EvaluationRead.from_dict(data)

                return evaluation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvaluationRead | None, data)

        evaluation = _parse_evaluation(d.pop("evaluation"))

        exception_detail = cls(
            id=id,
            request_id=request_id,
            order_number=order_number,
            request_type=request_type,
            request_status=request_status,
            queue=queue,
            priority=priority,
            reason=reason,
            deadline=deadline,
            status=status,
            created_at=created_at,
            decided_at=decided_at,
            decided_by=decided_by,
            label=label,
            request=request,
            evaluation=evaluation,
        )

        exception_detail.additional_properties = d
        return exception_detail

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
