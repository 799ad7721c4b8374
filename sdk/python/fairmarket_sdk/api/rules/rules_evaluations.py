from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.evaluation_page import EvaluationPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version_id: int,
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

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
        "url": "/v1/rules/versions/{version_id}/evaluations".format(
            version_id=quote(str(version_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EvaluationPage | Problem | None:
    if response.status_code == 200:
        response_200 = EvaluationPage.from_dict(response.json())

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
) -> Response[EvaluationPage | Problem]:
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[EvaluationPage | Problem]:
    """List a version's evaluations, newest first, with facts and trace.

     List a version's evaluations, newest first, with facts and trace.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvaluationPage | Problem]
    """

    kwargs = _get_kwargs(
        version_id=version_id,
        limit=limit,
        cursor=cursor,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> EvaluationPage | Problem | None:
    """List a version's evaluations, newest first, with facts and trace.

     List a version's evaluations, newest first, with facts and trace.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvaluationPage | Problem
    """

    return sync_detailed(
        version_id=version_id,
        client=client,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[EvaluationPage | Problem]:
    """List a version's evaluations, newest first, with facts and trace.

     List a version's evaluations, newest first, with facts and trace.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvaluationPage | Problem]
    """

    kwargs = _get_kwargs(
        version_id=version_id,
        limit=limit,
        cursor=cursor,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> EvaluationPage | Problem | None:
    """List a version's evaluations, newest first, with facts and trace.

     List a version's evaluations, newest first, with facts and trace.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): next_cursor from the previous page.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvaluationPage | Problem
    """

    return (
        await asyncio_detailed(
            version_id=version_id,
            client=client,
            limit=limit,
            cursor=cursor,
            x_request_id=x_request_id,
        )
    ).parsed
