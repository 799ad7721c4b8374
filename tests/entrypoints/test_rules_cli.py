"""`fairmarket rules`: validate a file with line numbers, draft, test, promote, roll back and
back-test from the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairmarket.bootstrap import Container, bootstrap
from fairmarket.entrypoints.cli.main import app
from fairmarket.settings import Settings
from tests.domains.rules.test_backtest import GENEROUS, build_history
from tests.support.rule_sets import CANCELLATIONS

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Container]:
    url = f"sqlite:///{tmp_path / 'rules-cli.sqlite3'}"
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    built = bootstrap(Settings(database_url=url, embedded_worker=False, _env_file=None))  # type: ignore[call-arg]
    yield built
    built.engine.dispose()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def version_id_of(output: str) -> int:
    # "Draft saved: version 3 (v1 of 'cancellations'); its tests pass."
    return int(output.split("version ", 1)[1].split(" ", 1)[0])


def test_validate_places_each_problem_at_its_line_and_exits_1(
    database: Container, tmp_path: Path
) -> None:
    bad = write(
        tmp_path,
        "bad.yaml",
        CANCELLATIONS.replace("buyer.cancellation_rate_90d < 0.3", "buyer.cancel_rate < 0.3"),
    )

    result = runner.invoke(app, ["rules", "validate", str(bad)])

    assert result.exit_code == 1
    assert result.stdout == (
        f"{bad}:10:9: line 10: rule 'approve-unshipped': Unknown fact 'buyer.cancel_rate'. "
        "Did you mean buyer.cancellation_rate_90d?\n"
    )
    listed = runner.invoke(app, ["rules", "list", "--json"])
    assert json.loads(listed.stdout) == {"items": []}  # nothing was saved


def test_validate_a_good_file_runs_its_tests(database: Container, tmp_path: Path) -> None:
    good = write(tmp_path, "cancellations.yaml", CANCELLATIONS)

    result = runner.invoke(app, ["rules", "validate", str(good)])

    assert result.exit_code == 0, result.output
    assert f"{good}: 'cancellations' on after_sale.requested is valid (3 rules)" in result.stdout
    assert "tests: 3/3 passed" in result.stdout


def test_draft_test_promote_and_roll_back(database: Container, tmp_path: Path) -> None:
    first = runner.invoke(app, ["rules", "draft", str(write(tmp_path, "v1.yaml", CANCELLATIONS))])
    second = runner.invoke(app, ["rules", "draft", str(write(tmp_path, "v2.yaml", GENEROUS))])
    v1, v2 = version_id_of(first.stdout), version_id_of(second.stdout)

    tested = runner.invoke(app, ["rules", "test", str(v2)])
    active = runner.invoke(app, ["rules", "promote", str(v1), "--to", "active"])
    replaced = runner.invoke(app, ["rules", "promote", str(v2), "--to", "active"])
    listed = json.loads(runner.invoke(app, ["rules", "list", "--json"]).stdout)
    rolled = runner.invoke(app, ["rules", "rollback", str(listed["items"][0]["id"])])
    wrong = runner.invoke(app, ["rules", "promote", str(v2), "--to", "live"])

    assert "tests: 3/3 passed" in tested.stdout
    assert active.stdout.strip().endswith("is now active.")
    assert replaced.exit_code == 0
    assert [v["status"] for v in listed["items"][0]["versions"]] == ["active", "retired"]
    assert rolled.exit_code == 0
    assert f"version {v1} (v1 of 'cancellations') is active again" in rolled.stdout
    assert wrong.exit_code == 2  # refused by the command's validation


def test_backtest_prints_a_table_and_progress_and_compares_versions(
    database: Container, tmp_path: Path
) -> None:
    build_history(database.uow_factory)
    v1 = version_id_of(
        runner.invoke(app, ["rules", "draft", str(write(tmp_path, "a.yaml", CANCELLATIONS))]).stdout
    )
    v2 = version_id_of(
        runner.invoke(app, ["rules", "draft", str(write(tmp_path, "b.yaml", GENEROUS))]).stdout
    )
    days = ["--from", "2026-03-02", "--to", "2026-03-05"]

    table = runner.invoke(app, ["rules", "backtest", str(v1), *days, "--compare", str(v2)])
    as_json = runner.invoke(app, ["rules", "backtest", str(v1), *days, "--json"])

    assert table.exit_code == 0, table.output
    assert "replayed 6 of 6 requests" in table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == (
        "Back-test of after_sale.requested requests opened 2026-03-02 to 2026-03-05 "
        "(0 fact snapshots backfilled)"
    )
    assert lines[2].split() == ["requests", "6", "6"]
    assert lines[3].split() == ["differing", "from", "history", "2", "2"]
    assert lines[5].split() == ["refunds", "replayed", "142.00", "636.00"]
    assert lines[6].split() == ["refund", "difference", "+6.00", "+500.00"]
    assert ["decision", "approve", "2", "3"] in [line.split() for line in lines]
    assert lines[-1] == "the two versions decide 1 requests differently"
    report = json.loads(as_json.stdout)
    assert (report["run"]["requests"], report["run"]["differing"]) == (6, 2)
    assert report["compared"] is None


def test_backtest_of_an_unknown_version_exits_with_the_not_found_code(
    database: Container,
) -> None:
    result = runner.invoke(
        app, ["rules", "backtest", "99", "--from", "2026-03-02", "--to", "2026-03-05"]
    )

    assert result.exit_code == 4
    assert "error [version_not_found]" in result.stderr
