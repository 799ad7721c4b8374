"""API keys' declarations: a shop's keys (the API, Seller Center; the CLI runs them too) and a
buyer's own keys (the buyer API).

Creating and rotating show a secret, which must never sit in a chat transcript, so the chatbot
does not offer them; nor does it offer listing and revoking yet (see `NOT_IN_CHAT_YET`).
"""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.accounts import api_keys
from fairmarket.domains.accounts.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyListQuery,
    ApiKeyPage,
    ApiKeyRead,
    ApiKeyRef,
    ApiKeyRotate,
    ApiKeyRotated,
)

AREA = "API keys"
TAGS = ("API keys",)
ONE_TIME_CREDENTIAL = (
    "shows a key's secret, which must never be kept in a chat transcript; use Seller Center "
    "or the API"
)
NOT_IN_CHAT_YET = "the chatbot does not manage credentials; use Seller Center or the API"
LIST_SUMMARY = (
    "List {whose} API keys, oldest first, with their status, scopes and when each was last "
    "used (never their secrets)."
)
REVOKE_SUMMARY = (
    "Revoke {whose} API key at once: it is refused from the next request (within 10 seconds on "
    "every server process)."
)
ROTATE_SUMMARY = (
    "Replace {whose} API key with a new one (same name and scopes; the secret is shown once); "
    "the old key keeps working for grace_hours (default 24; 0 revokes it at once)."
)

API_KEY_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="api_keys.list",
        area=AREA,
        summary=LIST_SUMMARY.format(whose="your shop's"),
        command=ApiKeyListQuery,
        result=ApiKeyPage,
        scope="api_keys:read",
        handler=api_keys.list_api_keys,
        http_method="GET",
        http_path="/v1/api-keys",
        tags=TAGS,
        not_in_chat=NOT_IN_CHAT_YET,
    ),
    Capability(
        name="api_keys.create",
        area=AREA,
        summary="Create an API key for your shop; its secret is shown once. A key creating a "
        "key can only grant scopes it has itself.",
        command=ApiKeyCreate,
        result=ApiKeyCreated,
        scope="api_keys:write",
        handler=api_keys.create_api_key,
        http_method="POST",
        http_path="/v1/api-keys",
        writes=True,
        tags=TAGS,
        not_in_chat=ONE_TIME_CREDENTIAL,
    ),
    Capability(
        name="api_keys.revoke",
        area=AREA,
        summary=REVOKE_SUMMARY.format(whose="a"),
        command=ApiKeyRef,
        result=ApiKeyRead,
        scope="api_keys:write",
        handler=api_keys.revoke_api_key,
        http_method="POST",
        http_path="/v1/api-keys/{key_id}/revoke",
        writes=True,
        tags=TAGS,
        done="API key {key_id} is revoked.",
        not_in_chat=NOT_IN_CHAT_YET,
    ),
    Capability(
        name="api_keys.rotate",
        area=AREA,
        summary=ROTATE_SUMMARY.format(whose="an"),
        command=ApiKeyRotate,
        result=ApiKeyRotated,
        scope="api_keys:write",
        handler=api_keys.rotate_api_key,
        http_method="POST",
        http_path="/v1/api-keys/{key_id}/rotate",
        writes=True,
        tags=TAGS,
        not_in_chat=ONE_TIME_CREDENTIAL,
    ),
    Capability(
        name="buyer.api_keys.list",
        area=AREA,
        summary=LIST_SUMMARY.format(whose="my") + " (buyer)",
        command=ApiKeyListQuery,
        result=ApiKeyPage,
        scope="api_keys:read",
        handler=api_keys.list_api_keys,
        http_method="GET",
        http_path="/v1/buyer/api-keys",
        audience=Audience.BUYER,
    ),
    Capability(
        name="buyer.api_keys.revoke",
        area=AREA,
        summary=REVOKE_SUMMARY.format(whose="my") + " (buyer)",
        command=ApiKeyRef,
        result=ApiKeyRead,
        scope="api_keys:write",
        handler=api_keys.revoke_api_key,
        http_method="POST",
        http_path="/v1/buyer/api-keys/{key_id}/revoke",
        writes=True,
        audience=Audience.BUYER,
    ),
    Capability(
        name="buyer.api_keys.rotate",
        area=AREA,
        summary=ROTATE_SUMMARY.format(whose="my") + " (buyer)",
        command=ApiKeyRotate,
        result=ApiKeyRotated,
        scope="api_keys:write",
        handler=api_keys.rotate_api_key,
        http_method="POST",
        http_path="/v1/buyer/api-keys/{key_id}/rotate",
        writes=True,
        audience=Audience.BUYER,
    ),
)
