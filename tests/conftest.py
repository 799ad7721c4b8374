from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fairmarket.bootstrap import Container, bootstrap
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.clock import MovableClock
from fairmarket.settings import Settings
from tests.support.database import build_database, empty_all_tables, test_database_url
from tests.support.resolver import FakeResolver

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = test_database_url(Path(tmp_path_factory.mktemp("db")))
    build_database(url)
    return url


@pytest.fixture(scope="session")
def session_container(database_url: str) -> Iterator[Container]:
    built = bootstrap(
        Settings(  # type: ignore[call-arg]
            database_url=database_url,
            embedded_worker=False,
            # The suite's receivers listen on 127.0.0.1; tests of the refusals build their
            # own factory and sender without this.
            webhook_allow_private_targets=True,
            _env_file=None,
        ),
        clock=MovableClock(),
        resolver=FakeResolver(),
    )
    yield built
    built.engine.dispose()


@pytest.fixture
def container(session_container: Container) -> Container:
    empty_all_tables(session_container.engine)
    session_container.rate_limits.reset()  # each test starts with fresh quotas, as with tables
    clock = session_container.clock
    assert isinstance(clock, MovableClock)
    clock.freeze(START)
    return session_container


@pytest.fixture
def clock(container: Container) -> MovableClock:
    assert isinstance(container.clock, MovableClock)
    return container.clock


@pytest.fixture
def uow_factory(container: Container) -> UnitOfWorkFactory:
    return container.uow_factory
