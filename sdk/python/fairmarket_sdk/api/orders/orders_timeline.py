from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_timeline import OrderTimeline
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_number: int,
    *,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders/{order_number}/timeline".format(
            order_number=quote(str(order_number), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderTimeline | Problem | None:
    if response.status_code == 200:
        response_200 = OrderTimeline.from_dict(response.json())

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
) -> Response[OrderTimeline | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> Response[OrderTimeline | Problem]:
    """Show the audit trail of one order: who did what, where.

     Show the audit trail of one order: who did what, where.

    Required scope: `orders:read`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderTimeline | Problem]
    """

    kwargs = _get_kwargs(
        order_number=order_number,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> OrderTimeline | Problem | None:
    """Show the audit trail of one order: who did what, where.

     Show the audit trail of one order: who did what, where.

    Required scope: `orders:read`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderTimeline | Problem
    """

    return sync_detailed(
        order_number=order_number,
        client=client,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> Response[OrderTimeline | Problem]:
    """Show the audit trail of one order: who did what, where.

     Show the audit trail of one order: who did what, where.

    Required scope: `orders:read`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderTimeline | Problem]
    """

    kwargs = _get_kwargs(
        order_number=order_number,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> OrderTimeline | Problem | None:
    """Show the audit trail of one order: who did what, where.

     Show the audit trail of one order: who did what, where.

    Required scope: `orders:read`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderTimeline | Problem
    """

    return (
        await asyncio_detailed(
            order_number=order_number,
            client=client,
            x_request_id=x_request_id,
        )
    ).parsed
