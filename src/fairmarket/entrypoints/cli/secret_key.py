"""This installation's own secret key, written once by `fairmarket demo` where sandbox and
production look for one when FAIRMARKET_SECRET_KEY is not set (settings.SECRET_KEY_FILE)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from fairmarket.entrypoints.cli.context import load_settings
from fairmarket.settings import Mode

SECRET_BYTES = 48  # 64 URL-safe characters


def provide_installation_secret() -> Path | None:
    """Create the secret key file unless FAIRMARKET_SECRET_KEY is given or the file exists
    (a later run reuses it, so sessions survive a restart); the path if it was created."""
    # Development mode reads where the secret would come from without checking it yet.
    draft = load_settings(mode=Mode.DEVELOPMENT)
    if "secret_key" in draft.model_fields_set:
        return None
    return write_secret_key_file(draft.secret_key_file)


def write_secret_key_file(path: Path) -> Path | None:
    """A new random secret in `path`, readable by its owner only; None if the file exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two demos started at once never overwrite each other's secret.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets.token_urlsafe(SECRET_BYTES) + "\n")
    return path
