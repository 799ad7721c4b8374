from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.backtest_report import BacktestReport
from ...models.problem import Problem
from ...models.rules_backtest_body import RulesBacktestBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version_id: int,
    *,
    body: RulesBacktestBody,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/rules/versions/{version_id}/backtest".format(
            version_id=quote(str(version_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BacktestReport | Problem | None:
    if response.status_code == 200:
        response_200 = BacktestReport.from_dict(response.json())

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
) -> Response[BacktestReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: RulesBacktestBody,
    x_request_id: str | Unset = UNSET,
) -> Response[BacktestReport | Problem]:
    """Replay a version over the requests of a date range and compare with history.

     Replay a version over the requests of a date range and compare with history.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        x_request_id (str | Unset):
        body (RulesBacktestBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BacktestReport | Problem]
    """

    kwargs = _get_kwargs(
        version_id=version_id,
        body=body,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: RulesBacktestBody,
    x_request_id: str | Unset = UNSET,
) -> BacktestReport | Problem | None:
    """Replay a version over the requests of a date range and compare with history.

     Replay a version over the requests of a date range and compare with history.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        x_request_id (str | Unset):
        body (RulesBacktestBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BacktestReport | Problem
    """

    return sync_detailed(
        version_id=version_id,
        client=client,
        body=body,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: RulesBacktestBody,
    x_request_id: str | Unset = UNSET,
) -> Response[BacktestReport | Problem]:
    """Replay a version over the requests of a date range and compare with history.

     Replay a version over the requests of a date range and compare with history.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        x_request_id (str | Unset):
        body (RulesBacktestBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BacktestReport | Problem]
    """

    kwargs = _get_kwargs(
        version_id=version_id,
        body=body,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: RulesBacktestBody,
    x_request_id: str | Unset = UNSET,
) -> BacktestReport | Problem | None:
    """Replay a version over the requests of a date range and compare with history.

     Replay a version over the requests of a date range and compare with history.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        x_request_id (str | Unset):
        body (RulesBacktestBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BacktestReport | Problem
    """

    return (
        await asyncio_detailed(
            version_id=version_id,
            client=client,
            body=body,
            x_request_id=x_request_id,
        )
    ).parsed
