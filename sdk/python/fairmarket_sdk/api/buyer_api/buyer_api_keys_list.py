from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_page import ApiKeyPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    seller_id: int | None | Unset = UNSET,
    buyer_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_seller_id: int | None | Unset
    if isinstance(seller_id, Unset):
        json_seller_id = UNSET
    else:
        json_seller_id = seller_id
    params["seller_id"] = json_seller_id

    json_buyer_id: int | None | Unset
    if isinstance(buyer_id, Unset):
        json_buyer_id = UNSET
    else:
        json_buyer_id = buyer_id
    params["buyer_id"] = json_buyer_id

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
        "url": "/v1/buyer/api-keys",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiKeyPage | Problem | None:
    if response.status_code == 200:
        response_200 = ApiKeyPage.from_dict(response.json())

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
) -> Response[ApiKeyPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    seller_id: int | None | Unset = UNSET,
    buyer_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ApiKeyPage | Problem]:
    """List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

     List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

    Required scope: `api_keys:read`.

    Args:
        seller_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        buyer_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyPage | Problem]
    """

    kwargs = _get_kwargs(
        seller_id=seller_id,
        buyer_id=buyer_id,
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
    seller_id: int | None | Unset = UNSET,
    buyer_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ApiKeyPage | Problem | None:
    """List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

     List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

    Required scope: `api_keys:read`.

    Args:
        seller_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        buyer_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyPage | Problem
    """

    return sync_detailed(
        client=client,
        seller_id=seller_id,
        buyer_id=buyer_id,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    seller_id: int | None | Unset = UNSET,
    buyer_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ApiKeyPage | Problem]:
    """List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

     List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

    Required scope: `api_keys:read`.

    Args:
        seller_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        buyer_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyPage | Problem]
    """

    kwargs = _get_kwargs(
        seller_id=seller_id,
        buyer_id=buyer_id,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    seller_id: int | None | Unset = UNSET,
    buyer_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ApiKeyPage | Problem | None:
    """List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

     List my API keys, oldest first, with their status, scopes and when each was last used (never their
    secrets). (buyer)

    Required scope: `api_keys:read`.

    Args:
        seller_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        buyer_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A
            seller's or buyer's own call leaves it out; it always means their own keys.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            seller_id=seller_id,
            buyer_id=buyer_id,
            limit=limit,
            cursor=cursor,
            x_request_id=x_request_id,
        )
    ).parsed
