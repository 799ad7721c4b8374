from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exception_detail import ExceptionDetail
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    item_id: int,
    *,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ops/exceptions/{item_id}".format(
            item_id=quote(str(item_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExceptionDetail | Problem | None:
    if response.status_code == 200:
        response_200 = ExceptionDetail.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[ExceptionDetail | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> Response[ExceptionDetail | Problem]:
    """One exception-queue item with its request, facts, rule trace and timeline.

     One exception-queue item with its request, facts, rule trace and timeline.

    Required scope: `after_sales:read`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionDetail | Problem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> ExceptionDetail | Problem | None:
    """One exception-queue item with its request, facts, rule trace and timeline.

     One exception-queue item with its request, facts, rule trace and timeline.

    Required scope: `after_sales:read`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionDetail | Problem
    """

    return sync_detailed(
        item_id=item_id,
        client=client,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> Response[ExceptionDetail | Problem]:
    """One exception-queue item with its request, facts, rule trace and timeline.

     One exception-queue item with its request, facts, rule trace and timeline.

    Required scope: `after_sales:read`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionDetail | Problem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> ExceptionDetail | Problem | None:
    """One exception-queue item with its request, facts, rule trace and timeline.

     One exception-queue item with its request, facts, rule trace and timeline.

    Required scope: `after_sales:read`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionDetail | Problem
    """

    return (
        await asyncio_detailed(
            item_id=item_id,
            client=client,
            x_request_id=x_request_id,
        )
    ).parsed
