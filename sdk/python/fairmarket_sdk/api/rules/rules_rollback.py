from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.rule_set_version_read import RuleSetVersionRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    rule_set_id: int,
    *,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/rules/sets/{rule_set_id}/rollback".format(
            rule_set_id=quote(str(rule_set_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RuleSetVersionRead | None:
    if response.status_code == 200:
        response_200 = RuleSetVersionRead.from_dict(response.json())

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
) -> Response[Problem | RuleSetVersionRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    rule_set_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[Problem | RuleSetVersionRead]:
    """Make the previous active version of a rule set active again, at once.

     Make the previous active version of a rule set active again, at once. Requires an `Idempotency-Key`
    header.

    Required scope: `rules:write`.

    Args:
        rule_set_id (int): The rule set id.
        x_request_id (str | Unset):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RuleSetVersionRead]
    """

    kwargs = _get_kwargs(
        rule_set_id=rule_set_id,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    rule_set_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Problem | RuleSetVersionRead | None:
    """Make the previous active version of a rule set active again, at once.

     Make the previous active version of a rule set active again, at once. Requires an `Idempotency-Key`
    header.

    Required scope: `rules:write`.

    Args:
        rule_set_id (int): The rule set id.
        x_request_id (str | Unset):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RuleSetVersionRead
    """

    return sync_detailed(
        rule_set_id=rule_set_id,
        client=client,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    rule_set_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Response[Problem | RuleSetVersionRead]:
    """Make the previous active version of a rule set active again, at once.

     Make the previous active version of a rule set active again, at once. Requires an `Idempotency-Key`
    header.

    Required scope: `rules:write`.

    Args:
        rule_set_id (int): The rule set id.
        x_request_id (str | Unset):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RuleSetVersionRead]
    """

    kwargs = _get_kwargs(
        rule_set_id=rule_set_id,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    rule_set_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str,
) -> Problem | RuleSetVersionRead | None:
    """Make the previous active version of a rule set active again, at once.

     Make the previous active version of a rule set active again, at once. Requires an `Idempotency-Key`
    header.

    Required scope: `rules:write`.

    Args:
        rule_set_id (int): The rule set id.
        x_request_id (str | Unset):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RuleSetVersionRead
    """

    return (
        await asyncio_detailed(
            rule_set_id=rule_set_id,
            client=client,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
