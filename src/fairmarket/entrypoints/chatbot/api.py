"""`POST /v1/chat` (API key auth). (Stub: lands with the chatbot.)"""

from __future__ import annotations

from fastapi import FastAPI

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator


def mount_chat(app: FastAPI, container: Container, authenticator: ApiKeyAuthenticator) -> None:
    """Add `POST /v1/chat` to `app`."""
