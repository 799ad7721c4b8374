from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chat_request import ChatRequest
from ...models.chat_turn import ChatTurn
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ChatRequest,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/chat",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ChatTurn | Problem | None:
    if response.status_code == 200:
        response_200 = ChatTurn.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ChatTurn | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ChatRequest,
    x_request_id: str | Unset = UNSET,
) -> Response[ChatTurn | Problem]:
    """Talk to the Seller Chatbot: one message in, one turn out.

     Send the `state` of the previous turn back with the next message. A change runs only after the bot
    asked for confirmation and you answered "yes"; replaying that turn returns the first answer and does
    not run the change again. No Idempotency-Key is needed. Required scopes: those of the capability the
    message asks for.

    Args:
        x_request_id (str | Unset):
        body (ChatRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatTurn | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ChatRequest,
    x_request_id: str | Unset = UNSET,
) -> ChatTurn | Problem | None:
    """Talk to the Seller Chatbot: one message in, one turn out.

     Send the `state` of the previous turn back with the next message. A change runs only after the bot
    asked for confirmation and you answered "yes"; replaying that turn returns the first answer and does
    not run the change again. No Idempotency-Key is needed. Required scopes: those of the capability the
    message asks for.

    Args:
        x_request_id (str | Unset):
        body (ChatRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatTurn | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ChatRequest,
    x_request_id: str | Unset = UNSET,
) -> Response[ChatTurn | Problem]:
    """Talk to the Seller Chatbot: one message in, one turn out.

     Send the `state` of the previous turn back with the next message. A change runs only after the bot
    asked for confirmation and you answered "yes"; replaying that turn returns the first answer and does
    not run the change again. No Idempotency-Key is needed. Required scopes: those of the capability the
    message asks for.

    Args:
        x_request_id (str | Unset):
        body (ChatRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatTurn | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ChatRequest,
    x_request_id: str | Unset = UNSET,
) -> ChatTurn | Problem | None:
    """Talk to the Seller Chatbot: one message in, one turn out.

     Send the `state` of the previous turn back with the next message. A change runs only after the bot
    asked for confirmation and you answered "yes"; replaying that turn returns the first answer and does
    not run the change again. No Idempotency-Key is needed. Required scopes: those of the capability the
    message asks for.

    Args:
        x_request_id (str | Unset):
        body (ChatRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatTurn | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_id=x_request_id,
        )
    ).parsed
