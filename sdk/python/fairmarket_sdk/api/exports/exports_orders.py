import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    created_from: datetime.datetime,
    created_to: datetime.datetime,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_created_from = created_from.isoformat()
    params["created_from"] = json_created_from

    json_created_to = created_to.isoformat()
    params["created_to"] = json_created_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/exports/orders",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | None:
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime,
    created_to: datetime.datetime,
    x_request_id: str | Unset = UNSET,
) -> Response[Problem]:
    """Export every order placed in a date range (at most 31 days) as JSON lines, oldest first.

     Export every order placed in a date range (at most 31 days) as JSON lines, oldest first. One JSON
    object per line, each as the list shows it.

    Required scope: `orders:read`.

    Args:
        created_from (datetime.datetime): The first instant exported, inclusive (an RFC 3339 date-
            time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime): The end of the range, exclusive (an RFC 3339 date-time
            with a timezone, e.g. 2026-12-01T00:00:00Z); at most 31 days after created_from.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        created_from=created_from,
        created_to=created_to,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime,
    created_to: datetime.datetime,
    x_request_id: str | Unset = UNSET,
) -> Problem | None:
    """Export every order placed in a date range (at most 31 days) as JSON lines, oldest first.

     Export every order placed in a date range (at most 31 days) as JSON lines, oldest first. One JSON
    object per line, each as the list shows it.

    Required scope: `orders:read`.

    Args:
        created_from (datetime.datetime): The first instant exported, inclusive (an RFC 3339 date-
            time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime): The end of the range, exclusive (an RFC 3339 date-time
            with a timezone, e.g. 2026-12-01T00:00:00Z); at most 31 days after created_from.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return sync_detailed(
        client=client,
        created_from=created_from,
        created_to=created_to,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime,
    created_to: datetime.datetime,
    x_request_id: str | Unset = UNSET,
) -> Response[Problem]:
    """Export every order placed in a date range (at most 31 days) as JSON lines, oldest first.

     Export every order placed in a date range (at most 31 days) as JSON lines, oldest first. One JSON
    object per line, each as the list shows it.

    Required scope: `orders:read`.

    Args:
        created_from (datetime.datetime): The first instant exported, inclusive (an RFC 3339 date-
            time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime): The end of the range, exclusive (an RFC 3339 date-time
            with a timezone, e.g. 2026-12-01T00:00:00Z); at most 31 days after created_from.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        created_from=created_from,
        created_to=created_to,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    created_from: datetime.datetime,
    created_to: datetime.datetime,
    x_request_id: str | Unset = UNSET,
) -> Problem | None:
    """Export every order placed in a date range (at most 31 days) as JSON lines, oldest first.

     Export every order placed in a date range (at most 31 days) as JSON lines, oldest first. One JSON
    object per line, each as the list shows it.

    Required scope: `orders:read`.

    Args:
        created_from (datetime.datetime): The first instant exported, inclusive (an RFC 3339 date-
            time with a timezone, e.g. 2026-12-01T00:00:00Z).
        created_to (datetime.datetime): The end of the range, exclusive (an RFC 3339 date-time
            with a timezone, e.g. 2026-12-01T00:00:00Z); at most 31 days after created_from.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            created_from=created_from,
            created_to=created_to,
            x_request_id=x_request_id,
        )
    ).parsed
