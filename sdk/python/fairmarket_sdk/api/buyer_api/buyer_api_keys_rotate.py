from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_rotated import ApiKeyRotated
from ...models.buyer_api_keys_rotate_body import BuyerApiKeysRotateBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    key_id: int,
    *,
    body: BuyerApiKeysRotateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/buyer/api-keys/{key_id}/rotate".format(
            key_id=quote(str(key_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiKeyRotated | Problem | None:
    if response.status_code == 200:
        response_200 = ApiKeyRotated.from_dict(response.json())

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
) -> Response[ApiKeyRotated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerApiKeysRotateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[ApiKeyRotated | Problem]:
    """Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer)

     Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer) Requires an `Idempotency-
    Key` header.

    Required scope: `api_keys:write`.

    Args:
        key_id (int): The API key's id (from the list of keys).
        x_request_id (str | Unset):
        idempotency_key (str):
        body (BuyerApiKeysRotateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyRotated | Problem]
    """

    kwargs = _get_kwargs(
        key_id=key_id,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    key_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerApiKeysRotateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> ApiKeyRotated | Problem | None:
    """Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer)

     Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer) Requires an `Idempotency-
    Key` header.

    Required scope: `api_keys:write`.

    Args:
        key_id (int): The API key's id (from the list of keys).
        x_request_id (str | Unset):
        idempotency_key (str):
        body (BuyerApiKeysRotateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyRotated | Problem
    """

    return sync_detailed(
        key_id=key_id,
        client=client,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    key_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerApiKeysRotateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[ApiKeyRotated | Problem]:
    """Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer)

     Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer) Requires an `Idempotency-
    Key` header.

    Required scope: `api_keys:write`.

    Args:
        key_id (int): The API key's id (from the list of keys).
        x_request_id (str | Unset):
        idempotency_key (str):
        body (BuyerApiKeysRotateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyRotated | Problem]
    """

    kwargs = _get_kwargs(
        key_id=key_id,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: BuyerApiKeysRotateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> ApiKeyRotated | Problem | None:
    """Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer)

     Replace my API key with a new one (same name and scopes; the secret is shown once); the old key
    keeps working for grace_hours (default 24; 0 revokes it at once). (buyer) Requires an `Idempotency-
    Key` header.

    Required scope: `api_keys:write`.

    Args:
        key_id (int): The API key's id (from the list of keys).
        x_request_id (str | Unset):
        idempotency_key (str):
        body (BuyerApiKeysRotateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyRotated | Problem
    """

    return (
        await asyncio_detailed(
            key_id=key_id,
            client=client,
            body=body,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
