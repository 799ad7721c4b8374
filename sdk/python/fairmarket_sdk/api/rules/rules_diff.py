from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.version_diff import VersionDiff
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version_id: int,
    *,
    against: int | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    params: dict[str, Any] = {}

    json_against: int | None | Unset
    if isinstance(against, Unset):
        json_against = UNSET
    else:
        json_against = against
    params["against"] = json_against

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/rules/versions/{version_id}/diff".format(
            version_id=quote(str(version_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | VersionDiff | None:
    if response.status_code == 200:
        response_200 = VersionDiff.from_dict(response.json())

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
) -> Response[Problem | VersionDiff]:
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
    against: int | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[Problem | VersionDiff]:
    """Compare a version with another (by default the previous one): text and rules.

     Compare a version with another (by default the previous one): text and rules.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        against (int | None | Unset): The other version; by default the previous version of the
            set.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VersionDiff]
    """

    kwargs = _get_kwargs(
        version_id=version_id,
        against=against,
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
    against: int | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Problem | VersionDiff | None:
    """Compare a version with another (by default the previous one): text and rules.

     Compare a version with another (by default the previous one): text and rules.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        against (int | None | Unset): The other version; by default the previous version of the
            set.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VersionDiff
    """

    return sync_detailed(
        version_id=version_id,
        client=client,
        against=against,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    against: int | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[Problem | VersionDiff]:
    """Compare a version with another (by default the previous one): text and rules.

     Compare a version with another (by default the previous one): text and rules.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        against (int | None | Unset): The other version; by default the previous version of the
            set.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VersionDiff]
    """

    kwargs = _get_kwargs(
        version_id=version_id,
        against=against,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version_id: int,
    *,
    client: AuthenticatedClient | Client,
    against: int | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Problem | VersionDiff | None:
    """Compare a version with another (by default the previous one): text and rules.

     Compare a version with another (by default the previous one): text and rules.

    Required scope: `rules:read`.

    Args:
        version_id (int): The rule-set version id.
        against (int | None | Unset): The other version; by default the previous version of the
            set.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VersionDiff
    """

    return (
        await asyncio_detailed(
            version_id=version_id,
            client=client,
            against=against,
            x_request_id=x_request_id,
        )
    ).parsed
