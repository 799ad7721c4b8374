from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.rule_set_list import RuleSetList
from ...models.trigger import Trigger
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    trigger: None | Trigger | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_trigger: None | str | Unset
    if isinstance(trigger, Unset):
        json_trigger = UNSET
    elif isinstance(trigger, Trigger):
        json_trigger = trigger.value
    else:
        json_trigger = trigger
    params["trigger"] = json_trigger

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/rules",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RuleSetList | None:
    if response.status_code == 200:
        response_200 = RuleSetList.from_dict(response.json())

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
) -> Response[Problem | RuleSetList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    trigger: None | Trigger | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[Problem | RuleSetList]:
    """List the rule sets with their versions, newest version first.

     List the rule sets with their versions, newest version first.

    Required scope: `rules:read`.

    Args:
        trigger (None | Trigger | Unset): Only rule sets for this trigger.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RuleSetList]
    """

    kwargs = _get_kwargs(
        trigger=trigger,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    trigger: None | Trigger | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Problem | RuleSetList | None:
    """List the rule sets with their versions, newest version first.

     List the rule sets with their versions, newest version first.

    Required scope: `rules:read`.

    Args:
        trigger (None | Trigger | Unset): Only rule sets for this trigger.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RuleSetList
    """

    return sync_detailed(
        client=client,
        trigger=trigger,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    trigger: None | Trigger | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[Problem | RuleSetList]:
    """List the rule sets with their versions, newest version first.

     List the rule sets with their versions, newest version first.

    Required scope: `rules:read`.

    Args:
        trigger (None | Trigger | Unset): Only rule sets for this trigger.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RuleSetList]
    """

    kwargs = _get_kwargs(
        trigger=trigger,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    trigger: None | Trigger | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Problem | RuleSetList | None:
    """List the rule sets with their versions, newest version first.

     List the rule sets with their versions, newest version first.

    Required scope: `rules:read`.

    Args:
        trigger (None | Trigger | Unset): Only rule sets for this trigger.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RuleSetList
    """

    return (
        await asyncio_detailed(
            client=client,
            trigger=trigger,
            x_request_id=x_request_id,
        )
    ).parsed
