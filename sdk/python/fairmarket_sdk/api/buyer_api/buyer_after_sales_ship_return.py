from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.after_sale_read import AfterSaleRead
from ...models.buyer_after_sales_ship_return_body import BuyerAfterSalesShipReturnBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    request_id: int,
    *,
    body: BuyerAfterSalesShipReturnBody,
    dry_run: bool | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    params: dict[str, Any] = {}

    json_dry_run: bool | None | Unset
    if isinstance(dry_run, Unset):
        json_dry_run = UNSET
    else:
        json_dry_run = dry_run
    params["dry_run"] = json_dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/buyer/after-sales/{request_id}/ship-return".format(
            request_id=quote(str(request_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AfterSaleRead | Problem | None:
    if response.status_code == 200:
        response_200 = AfterSaleRead.from_dict(response.json())

        return response_200

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
    request_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerAfterSalesShipReturnBody,
    dry_run: bool | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[AfterSaleRead | Problem]:
    """Give the return's carrier and tracking number (buyer).

     Give the return's carrier and tracking number (buyer). Requires an `Idempotency-Key` header.

    Required scope: `after_sales:write`.

    Args:
        request_id (int): The after-sale request id.
        dry_run (bool | None | Unset): Check the action and return its refund breakdown; nothing
            changes and no Idempotency-Key is needed.
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (BuyerAfterSalesShipReturnBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfterSaleRead | Problem]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        body=body,
        dry_run=dry_run,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    request_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerAfterSalesShipReturnBody,
    dry_run: bool | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> AfterSaleRead | Problem | None:
    """Give the return's carrier and tracking number (buyer).

     Give the return's carrier and tracking number (buyer). Requires an `Idempotency-Key` header.

    Required scope: `after_sales:write`.

    Args:
        request_id (int): The after-sale request id.
        dry_run (bool | None | Unset): Check the action and return its refund breakdown; nothing
            changes and no Idempotency-Key is needed.
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (BuyerAfterSalesShipReturnBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfterSaleRead | Problem
    """

    return sync_detailed(
        request_id=request_id,
        client=client,
        body=body,
        dry_run=dry_run,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    request_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerAfterSalesShipReturnBody,
    dry_run: bool | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[AfterSaleRead | Problem]:
    """Give the return's carrier and tracking number (buyer).

     Give the return's carrier and tracking number (buyer). Requires an `Idempotency-Key` header.

    Required scope: `after_sales:write`.

    Args:
        request_id (int): The after-sale request id.
        dry_run (bool | None | Unset): Check the action and return its refund breakdown; nothing
            changes and no Idempotency-Key is needed.
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (BuyerAfterSalesShipReturnBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfterSaleRead | Problem]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        body=body,
        dry_run=dry_run,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    request_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerAfterSalesShipReturnBody,
    dry_run: bool | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> AfterSaleRead | Problem | None:
    """Give the return's carrier and tracking number (buyer).

     Give the return's carrier and tracking number (buyer). Requires an `Idempotency-Key` header.

    Required scope: `after_sales:write`.

    Args:
        request_id (int): The after-sale request id.
        dry_run (bool | None | Unset): Check the action and return its refund breakdown; nothing
            changes and no Idempotency-Key is needed.
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (BuyerAfterSalesShipReturnBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfterSaleRead | Problem
    """

    return (
        await asyncio_detailed(
            request_id=request_id,
            client=client,
            body=body,
            dry_run=dry_run,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
            if_match=if_match,
        )
    ).parsed
