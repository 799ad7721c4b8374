from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.after_sale_read import AfterSaleRead
from ...models.problem import Problem
from ...models.sandbox_buyer_cancel_body import SandboxBuyerCancelBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_number: int,
    *,
    body: SandboxBuyerCancelBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sandbox/simulate/orders/{order_number}/cancellation".format(
            order_number=quote(str(order_number), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AfterSaleRead | Problem | None:
    if response.status_code == 201:
        response_201 = AfterSaleRead.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[AfterSaleRead | Problem]:
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
    body: SandboxBuyerCancelBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[AfterSaleRead | Problem]:
    """The order's buyer asks to cancel it (before shipment, or by interception).

     The order's buyer asks to cancel it (before shipment, or by interception). Requires an `Idempotency-
    Key` header.

    Required scope: `after_sales:write`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (SandboxBuyerCancelBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfterSaleRead | Problem]
    """

    kwargs = _get_kwargs(
        order_number=order_number,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    body: SandboxBuyerCancelBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> AfterSaleRead | Problem | None:
    """The order's buyer asks to cancel it (before shipment, or by interception).

     The order's buyer asks to cancel it (before shipment, or by interception). Requires an `Idempotency-
    Key` header.

    Required scope: `after_sales:write`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (SandboxBuyerCancelBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfterSaleRead | Problem
    """

    return sync_detailed(
        order_number=order_number,
        client=client,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    body: SandboxBuyerCancelBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[AfterSaleRead | Problem]:
    """The order's buyer asks to cancel it (before shipment, or by interception).

     The order's buyer asks to cancel it (before shipment, or by interception). Requires an `Idempotency-
    Key` header.

    Required scope: `after_sales:write`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (SandboxBuyerCancelBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfterSaleRead | Problem]
    """

    kwargs = _get_kwargs(
        order_number=order_number,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_number: int,
    *,
    client: AuthenticatedClient | Client,
    body: SandboxBuyerCancelBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> AfterSaleRead | Problem | None:
    """The order's buyer asks to cancel it (before shipment, or by interception).

     The order's buyer asks to cancel it (before shipment, or by interception). Requires an `Idempotency-
    Key` header.

    Required scope: `after_sales:write`.

    Args:
        order_number (int): The public order number, e.g. 1042.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (SandboxBuyerCancelBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfterSaleRead | Problem
    """

    return (
        await asyncio_detailed(
            order_number=order_number,
            client=client,
            body=body,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
