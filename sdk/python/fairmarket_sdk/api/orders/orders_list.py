import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_page import OrderPage
from ...models.order_status import OrderStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    updated_since: datetime.datetime | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_updated_since: None | str | Unset
    if isinstance(updated_since, Unset):
        json_updated_since = UNSET
    elif isinstance(updated_since, datetime.datetime):
        json_updated_since = updated_since.isoformat()
    else:
        json_updated_since = updated_since
    params["updated_since"] = json_updated_since

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

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, OrderStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrderPage | Problem | None:
    if response.status_code == 200:
        response_200 = OrderPage.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrderPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    updated_since: datetime.datetime | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[OrderPage | Problem]:
    """List your orders, newest first, optionally by status.

     List your orders, newest first, optionally by status.

    Required scope: `orders:read`.

    Args:
        updated_since (datetime.datetime | None | Unset): Only items created or changed at or
            after this instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z);
            pass the time of your last sync to catch up.
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        status (None | OrderStatus | Unset): Only orders in this status.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPage | Problem]
    """

    kwargs = _get_kwargs(
        updated_since=updated_since,
        created_from=created_from,
        created_to=created_to,
        status=status,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    updated_since: datetime.datetime | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> OrderPage | Problem | None:
    """List your orders, newest first, optionally by status.

     List your orders, newest first, optionally by status.

    Required scope: `orders:read`.

    Args:
        updated_since (datetime.datetime | None | Unset): Only items created or changed at or
            after this instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z);
            pass the time of your last sync to catch up.
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        status (None | OrderStatus | Unset): Only orders in this status.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPage | Problem
    """

    return sync_detailed(
        client=client,
        updated_since=updated_since,
        created_from=created_from,
        created_to=created_to,
        status=status,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    updated_since: datetime.datetime | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[OrderPage | Problem]:
    """List your orders, newest first, optionally by status.

     List your orders, newest first, optionally by status.

    Required scope: `orders:read`.

    Args:
        updated_since (datetime.datetime | None | Unset): Only items created or changed at or
            after this instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z);
            pass the time of your last sync to catch up.
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        status (None | OrderStatus | Unset): Only orders in this status.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPage | Problem]
    """

    kwargs = _get_kwargs(
        updated_since=updated_since,
        created_from=created_from,
        created_to=created_to,
        status=status,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    updated_since: datetime.datetime | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> OrderPage | Problem | None:
    """List your orders, newest first, optionally by status.

     List your orders, newest first, optionally by status.

    Required scope: `orders:read`.

    Args:
        updated_since (datetime.datetime | None | Unset): Only items created or changed at or
            after this instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z);
            pass the time of your last sync to catch up.
        created_from (datetime.datetime | None | Unset): Only items created at or after this
            instant (an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime | None | Unset): Only items created before this instant
            (exclusive; an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z).
        status (None | OrderStatus | Unset): Only orders in this status.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            updated_since=updated_since,
            created_from=created_from,
            created_to=created_to,
            status=status,
            limit=limit,
            cursor=cursor,
            x_request_id=x_request_id,
        )
    ).parsed
