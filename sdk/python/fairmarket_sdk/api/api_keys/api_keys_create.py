from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_created import ApiKeyCreated
from ...models.api_keys_create_body import ApiKeysCreateBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ApiKeysCreateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/api-keys",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiKeyCreated | Problem | None:
    if response.status_code == 200:
        response_200 = ApiKeyCreated.from_dict(response.json())

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
) -> Response[ApiKeyCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ApiKeysCreateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[ApiKeyCreated | Problem]:
    """Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself.

     Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself. Requires an `Idempotency-Key` header.

    Required scope: `api_keys:write`.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ApiKeysCreateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyCreated | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ApiKeysCreateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> ApiKeyCreated | Problem | None:
    """Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself.

     Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself. Requires an `Idempotency-Key` header.

    Required scope: `api_keys:write`.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ApiKeysCreateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyCreated | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ApiKeysCreateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[ApiKeyCreated | Problem]:
    """Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself.

     Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself. Requires an `Idempotency-Key` header.

    Required scope: `api_keys:write`.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ApiKeysCreateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyCreated | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ApiKeysCreateBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> ApiKeyCreated | Problem | None:
    """Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself.

     Create an API key for your shop; its secret is shown once. A key creating a key can only grant
    scopes it has itself. Requires an `Idempotency-Key` header.

    Required scope: `api_keys:write`.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ApiKeysCreateBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyCreated | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
