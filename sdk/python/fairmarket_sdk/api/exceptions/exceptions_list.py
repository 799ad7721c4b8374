from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exception_page import ExceptionPage
from ...models.exception_status import ExceptionStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    queue: None | str | Unset = UNSET,
    status: ExceptionStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_queue: None | str | Unset
    if isinstance(queue, Unset):
        json_queue = UNSET
    else:
        json_queue = queue
    params["queue"] = json_queue

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

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
        "url": "/v1/ops/exceptions",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExceptionPage | Problem | None:
    if response.status_code == 200:
        response_200 = ExceptionPage.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ExceptionPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    queue: None | str | Unset = UNSET,
    status: ExceptionStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ExceptionPage | Problem]:
    """The exception queue: requests rules escalated or left undecided, by deadline.

     The exception queue: requests rules escalated or left undecided, by deadline.

    Required scope: `after_sales:read`.

    Args:
        queue (None | str | Unset): Only this queue.
        status (ExceptionStatus | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionPage | Problem]
    """

    kwargs = _get_kwargs(
        queue=queue,
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
    queue: None | str | Unset = UNSET,
    status: ExceptionStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ExceptionPage | Problem | None:
    """The exception queue: requests rules escalated or left undecided, by deadline.

     The exception queue: requests rules escalated or left undecided, by deadline.

    Required scope: `after_sales:read`.

    Args:
        queue (None | str | Unset): Only this queue.
        status (ExceptionStatus | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionPage | Problem
    """

    return sync_detailed(
        client=client,
        queue=queue,
        status=status,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    queue: None | str | Unset = UNSET,
    status: ExceptionStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ExceptionPage | Problem]:
    """The exception queue: requests rules escalated or left undecided, by deadline.

     The exception queue: requests rules escalated or left undecided, by deadline.

    Required scope: `after_sales:read`.

    Args:
        queue (None | str | Unset): Only this queue.
        status (ExceptionStatus | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionPage | Problem]
    """

    kwargs = _get_kwargs(
        queue=queue,
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
    queue: None | str | Unset = UNSET,
    status: ExceptionStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ExceptionPage | Problem | None:
    """The exception queue: requests rules escalated or left undecided, by deadline.

     The exception queue: requests rules escalated or left undecided, by deadline.

    Required scope: `after_sales:read`.

    Args:
        queue (None | str | Unset): Only this queue.
        status (ExceptionStatus | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            queue=queue,
            status=status,
            limit=limit,
            cursor=cursor,
            x_request_id=x_request_id,
        )
    ).parsed
