import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_order import EventOrder
from ...models.event_page import EventPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    after: None | str | Unset = UNSET,
    type_: list[str] | None | Unset = UNSET,
    order: EventOrder | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_created_from: None | str | Unset
    if isinstance(created_from, Unset):
        json_created_from = UNSET
    elif isinstance(created_from, datetime.datetime):
        json_created_from = created_from.isoformat()
    else:
        json_created_from = created_from
    params["created_from"] = json_created_from

    json_created_to: None | str | Unset
    if isinstance(created_to, Unset):
        json_created_to = UNSET
    elif isinstance(created_to, datetime.datetime):
        json_created_to = created_to.isoformat()
    else:
        json_created_to = created_to
    params["created_to"] = json_created_to

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    json_type_: list[str] | None | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, list):
        json_type_ = type_

    else:
        json_type_ = type_
    params["type"] = json_type_

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | Problem | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    after: None | str | Unset = UNSET,
    type_: list[str] | None | Unset = UNSET,
    order: EventOrder | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
) -> Response[EventPage | Problem]:
    """Read the ordered log of changes to your orders and after-sale requests.

     Read the ordered log of changes to your orders and after-sale requests.

    Required scope: `events:read`.

    Args:
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        after (None | str | Unset): The `cursor` of the last event you processed; omit to start at
            the beginning (or, newest first, at the newest event).
        type_ (list[str] | None | Unset): Only events of these types (repeat the parameter for
            several), e.g. `type=after_sale.approved&type=order.shipped`. The names used before
            2026-12-05 (`after_sale.approve`) are still accepted until 2027-06-05, with a
            `Deprecation` header.
        order (EventOrder | Unset):
        limit (int | Unset): Page size. Default: 50.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        created_from=created_from,
        created_to=created_to,
        after=after,
        type_=type_,
        order=order,
        limit=limit,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    after: None | str | Unset = UNSET,
    type_: list[str] | None | Unset = UNSET,
    order: EventOrder | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
) -> EventPage | Problem | None:
    """Read the ordered log of changes to your orders and after-sale requests.

     Read the ordered log of changes to your orders and after-sale requests.

    Required scope: `events:read`.

    Args:
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        after (None | str | Unset): The `cursor` of the last event you processed; omit to start at
            the beginning (or, newest first, at the newest event).
        type_ (list[str] | None | Unset): Only events of these types (repeat the parameter for
            several), e.g. `type=after_sale.approved&type=order.shipped`. The names used before
            2026-12-05 (`after_sale.approve`) are still accepted until 2027-06-05, with a
            `Deprecation` header.
        order (EventOrder | Unset):
        limit (int | Unset): Page size. Default: 50.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return sync_detailed(
        client=client,
        created_from=created_from,
        created_to=created_to,
        after=after,
        type_=type_,
        order=order,
        limit=limit,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    after: None | str | Unset = UNSET,
    type_: list[str] | None | Unset = UNSET,
    order: EventOrder | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
) -> Response[EventPage | Problem]:
    """Read the ordered log of changes to your orders and after-sale requests.

     Read the ordered log of changes to your orders and after-sale requests.

    Required scope: `events:read`.

    Args:
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        after (None | str | Unset): The `cursor` of the last event you processed; omit to start at
            the beginning (or, newest first, at the newest event).
        type_ (list[str] | None | Unset): Only events of these types (repeat the parameter for
            several), e.g. `type=after_sale.approved&type=order.shipped`. The names used before
            2026-12-05 (`after_sale.approve`) are still accepted until 2027-06-05, with a
            `Deprecation` header.
        order (EventOrder | Unset):
        limit (int | Unset): Page size. Default: 50.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        created_from=created_from,
        created_to=created_to,
        after=after,
        type_=type_,
        order=order,
        limit=limit,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    after: None | str | Unset = UNSET,
    type_: list[str] | None | Unset = UNSET,
    order: EventOrder | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
) -> EventPage | Problem | None:
    """Read the ordered log of changes to your orders and after-sale requests.

     Read the ordered log of changes to your orders and after-sale requests.

    Required scope: `events:read`.

    Args:
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        after (None | str | Unset): The `cursor` of the last event you processed; omit to start at
            the beginning (or, newest first, at the newest event).
        type_ (list[str] | None | Unset): Only events of these types (repeat the parameter for
            several), e.g. `type=after_sale.approved&type=order.shipped`. The names used before
            2026-12-05 (`after_sale.approve`) are still accepted until 2027-06-05, with a
            `Deprecation` header.
        order (EventOrder | Unset):
        limit (int | Unset): Page size. Default: 50.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            created_from=created_from,
            created_to=created_to,
            after=after,
            type_=type_,
            order=order,
            limit=limit,
            x_request_id=x_request_id,
        )
    ).parsed
