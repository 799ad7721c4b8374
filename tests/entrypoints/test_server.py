"""How `fairmarket serve` starts uvicorn."""

from __future__ import annotations

import pytest
import uvicorn

from fairmarket.entrypoints.server import server_options
from fairmarket.settings import Settings


def test_several_workers_get_thirty_seconds_to_start_and_answer_a_health_check() -> None:
    """uvicorn's supervisor replaces a worker that does not answer within 5 s by default,
    also while a replacement is still starting: a 5.8 s cold start under load kept the port
    closed for over 100 s after one worker was killed."""
    options = server_options(Settings(_env_file=None), host="127.0.0.1", port=8123, workers=2)  # type: ignore[call-arg]

    config = uvicorn.Config(**options)

    assert config.timeout_worker_healthcheck == 30
    assert config.workers == 2
    assert (config.host, config.port) == ("127.0.0.1", 8123)


def test_the_health_check_timeout_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRMARKET_SERVER_WORKER_HEALTHCHECK_SECONDS", "45")

    options = server_options(Settings(_env_file=None), host="0.0.0.0", port=8000, workers=4)  # type: ignore[call-arg]

    assert uvicorn.Config(**options).timeout_worker_healthcheck == 45
