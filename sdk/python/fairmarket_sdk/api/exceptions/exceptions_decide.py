from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exception_read import ExceptionRead
from ...models.exceptions_decide_body import ExceptionsDecideBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    item_id: int,
    *,
    body: ExceptionsDecideBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/ops/exceptions/{item_id}/decide".format(
            item_id=quote(str(item_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExceptionRead | Problem | None:
    if response.status_code == 200:
        response_200 = ExceptionRead.from_dict(response.json())

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
) -> Response[ExceptionRead | Problem]:
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
    body: ExceptionsDecideBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[ExceptionRead | Problem]:
    """Decide an exception-queue item; the decision is kept as a back-test label.

     Decide an exception-queue item; the decision is kept as a back-test label. Requires an `Idempotency-
    Key` header.

    Required scope: `exceptions:write`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ExceptionsDecideBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionRead | Problem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ExceptionsDecideBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> ExceptionRead | Problem | None:
    """Decide an exception-queue item; the decision is kept as a back-test label.

     Decide an exception-queue item; the decision is kept as a back-test label. Requires an `Idempotency-
    Key` header.

    Required scope: `exceptions:write`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ExceptionsDecideBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionRead | Problem
    """

    return sync_detailed(
        item_id=item_id,
        client=client,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ExceptionsDecideBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[ExceptionRead | Problem]:
    """Decide an exception-queue item; the decision is kept as a back-test label.

     Decide an exception-queue item; the decision is kept as a back-test label. Requires an `Idempotency-
    Key` header.

    Required scope: `exceptions:write`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ExceptionsDecideBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionRead | Problem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ExceptionsDecideBody,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> ExceptionRead | Problem | None:
    """Decide an exception-queue item; the decision is kept as a back-test label.

     Decide an exception-queue item; the decision is kept as a back-test label. Requires an `Idempotency-
    Key` header.

    Required scope: `exceptions:write`.

    Args:
        item_id (int): The exception-queue item id.
        x_request_id (str | Unset):
        idempotency_key (str):
        body (ExceptionsDecideBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionRead | Problem
    """

    return (
        await asyncio_detailed(
            item_id=item_id,
            client=client,
            body=body,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
