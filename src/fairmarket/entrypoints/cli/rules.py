"""`fairmarket rules ...`: author, test, promote, roll back and back-test rule sets.

The CLI acts as the platform (a system actor, like `agents create`) and runs the same rules
capabilities as the API and the Ops Console (the back-test calls its service directly, to
print progress); errors go through the CLI's one DomainError mapping.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from fairmarket.capabilities.catalogue import parse_command, parse_input, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.domains.rules.backtest import run_backtest
from fairmarket.domains.rules.schemas import (
    BacktestCommand,
    BacktestReport,
    BacktestRun,
    RuleSetList,
    RuleSetVersionRead,
    TestReport,
    ValidationReport,
)
from fairmarket.entrypoints.cli.context import migrated_container
from fairmarket.entrypoints.cli.errors import exit_on_domain_error
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel

rules_app = typer.Typer(
    help="Rule sets for after-sale requests: validate, draft, test, promote, back-test.",
    no_args_is_help=True,
)
RULES_CLI_ACTOR = Actor(kind=ActorKind.SYSTEM, channel=Channel.CLI, label="cli", scopes=ALL_SCOPES)


def _run(name: str, raw: dict[str, Any]) -> Any:
    """Run the rules capability `name` in its own unit of work, as the platform."""
    capability = get_capability(name)
    with migrated_container() as built:
        return run_capability(
            capability, built.uow_factory, RULES_CLI_ACTOR, parse_command(capability, raw)
        )


def _read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        typer.echo(f"error: cannot read {path}: {error.strerror or error}", err=True)
        raise typer.Exit(2) from error


def _echo_tests(report: TestReport, where: str) -> None:
    for result in report.results:
        mark = "ok  " if result.passed else "FAIL"
        place = f"{where}:{result.line}: " if result.line is not None else ""
        line = f"  {mark} {place}{result.name}"
        if not result.passed:
            line += f" — {result.message}"
        typer.echo(line)
    typer.echo(f"tests: {report.total - report.failures}/{report.total} passed")


@rules_app.command("list")
def rules_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List the rule sets and their versions (newest first)."""
    with exit_on_domain_error():
        listed: RuleSetList = _run("rules.list", {})
    if as_json:
        typer.echo(listed.model_dump_json(indent=2))
        return
    if not listed.items:
        typer.echo("No rule sets yet; `fairmarket rules draft FILE` saves one.")
    for rule_set in listed.items:
        typer.echo(f"{rule_set.id:>4}  {rule_set.name}  ({rule_set.trigger.value})")
        for v in rule_set.versions:
            tests = {True: "tests pass", False: "tests FAIL", None: "tests not run"}
            typer.echo(
                f"      version {v.id:>4}  v{v.number:<3} {v.status.value:<8} "
                f"{v.rule_count} rules, {tests[v.tests_passed]}, "
                f"{v.status_changed_at:%Y-%m-%d %H:%M} by {v.status_changed_by}"
            )


@rules_app.command("validate")
def rules_validate(
    file: Annotated[Path, typer.Argument(help="The rule set's YAML file.")],
) -> None:
    """Check a rule-set file without saving it; problems as FILE:LINE:COL, exit 1 if any (or if
    its tests fail)."""
    source = _read_source(file)
    with exit_on_domain_error():
        report: ValidationReport = _run("rules.validate", {"source": source})
    if not report.valid:
        for problem in report.problems:
            typer.echo(f"{file}:{problem.line or 1}:{problem.column or 1}: {problem.message}")
        typer.echo(f"{len(report.problems)} problem(s); nothing was saved.", err=True)
        raise typer.Exit(1)
    trigger = report.trigger.value if report.trigger else "?"
    typer.echo(f"{file}: '{report.name}' on {trigger} is valid ({len(report.rules)} rules)")
    if report.tests is not None:
        _echo_tests(report.tests, str(file))
        if not report.tests.passed:
            raise typer.Exit(1)


@rules_app.command("draft")
def rules_draft(
    file: Annotated[Path, typer.Argument(help="The rule set's YAML file.")],
) -> None:
    """Save a file as the next draft of the rule set it names; prints the version id."""
    source = _read_source(file)
    with exit_on_domain_error():
        created: RuleSetVersionRead = _run("rules.create_draft", {"source": source})
    tests = "pass" if created.tests_passed else "do not pass"
    typer.echo(
        f"Draft saved: version {created.id} (v{created.number} of '{created.rule_set_name}'); "
        f"its tests {tests}."
    )


@rules_app.command("test")
def rules_test(
    version_id: Annotated[int, typer.Argument(help="The version id.")],
) -> None:
    """Run a version's test cases again; exit 1 if any fails."""
    with exit_on_domain_error():
        report: TestReport = _run("rules.test", {"version_id": version_id})
    _echo_tests(report, f"version {version_id}")
    if not report.passed:
        raise typer.Exit(1)


@rules_app.command("promote")
def rules_promote(
    version_id: Annotated[int, typer.Argument(help="The version id.")],
    to: Annotated[str, typer.Option("--to", help="shadow or active.")],
) -> None:
    """Promote a version to shadow (evaluated and logged only) or active (applied)."""
    with exit_on_domain_error():
        promoted: RuleSetVersionRead = _run("rules.promote", {"version_id": version_id, "to": to})
    typer.echo(
        f"Version {promoted.id} (v{promoted.number} of '{promoted.rule_set_name}') is now "
        f"{promoted.status.value}."
    )


@rules_app.command("rollback")
def rules_rollback(
    rule_set_id: Annotated[int, typer.Argument(help="The rule set id.")],
) -> None:
    """Retire the rule set's active version and bring back the one it replaced."""
    with exit_on_domain_error():
        restored: RuleSetVersionRead = _run("rules.rollback", {"rule_set_id": rule_set_id})
    typer.echo(
        f"Rolled back: version {restored.id} (v{restored.number} of "
        f"'{restored.rule_set_name}') is active again."
    )


@rules_app.command("backtest")
def rules_backtest(
    version_id: Annotated[int, typer.Argument(help="The version to replay.")],
    from_date: Annotated[
        datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (UTC).")
    ],
    to_date: Annotated[
        datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (UTC), inclusive.")
    ],
    compare: Annotated[
        int | None, typer.Option("--compare", help="Replay this version too, side by side.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Replay a version over the requests opened between two days and compare with history."""
    fields: dict[str, object] = {
        "version_id": version_id,
        "from_date": from_date.date(),
        "to_date": to_date.date(),
        "compare_version_id": compare,
    }

    def progress(done: int, total: int) -> None:
        typer.echo(f"replayed {done:,} of {total:,} requests", err=True)

    with exit_on_domain_error(), migrated_container() as built:
        command = parse_input(BacktestCommand, fields)
        with built.uow_factory() as uow:
            report = run_backtest(uow, RULES_CLI_ACTOR, command, progress=progress)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    typer.echo(format_report(report))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _money(minor: int) -> str:
    return f"{minor / 100:,.2f}"


def format_report(report: BacktestReport) -> str:
    """The report as a table: one column per replayed version."""
    runs: list[BacktestRun] = [report.run] + ([report.compared] if report.compared else [])
    heads = [f"{r.rule_set_name} v{r.version_number} (#{r.version_id})" for r in runs]
    rows: list[tuple[str, list[str]]] = [
        ("requests", [f"{r.requests:,}" for r in runs]),
        ("differing from history", [f"{r.differing:,}" for r in runs]),
        ("refunds actual", [_money(r.refund_actual_minor) for r in runs]),
        ("refunds replayed", [_money(r.refund_replayed_minor) for r in runs]),
        ("refund difference", [f"{r.refund_difference_minor / 100:+,.2f}" for r in runs]),
        ("auto-resolved before", [_percent(r.auto_resolution_before) for r in runs]),
        ("auto-resolved after", [_percent(r.auto_resolution_after) for r in runs]),
        ("labelled by people", [f"{r.labelled:,}" for r in runs]),
    ]
    actions = sorted({c.action for r in runs for c in r.decisions})
    for action in actions:
        rows.append(
            (
                f"decision {action}",
                [
                    f"{next((c.count for c in r.decisions if c.action == action), 0):,}"
                    for r in runs
                ],
            )
        )
    rule_ids = sorted({c.action for r in runs for c in r.by_rule})
    for rule_id in rule_ids:
        rows.append(
            (
                f"rule {rule_id}",
                [f"{next((c.count for c in r.by_rule if c.action == rule_id), 0):,}" for r in runs],
            )
        )
    scored = sorted({s.action for r in runs for s in r.scores})
    for action in scored:
        cells = []
        for r in runs:
            score = next((s for s in r.scores if s.action == action), None)
            cells.append(
                "-"
                if score is None
                else f"P {_percent(score.precision)} R {_percent(score.recall)} n={score.support}"
            )
        rows.append((f"labels {action}", cells))
    rows.append(("seconds", [f"{r.seconds:.2f}" for r in runs]))
    width = max(len(name) for name, _ in rows) + 2
    column = max(24, *(len(h) + 2 for h in heads))
    lines = [
        f"Back-test of {report.trigger.value} requests opened {report.from_date} to "
        f"{report.to_date} ({report.facts_backfilled:,} fact snapshots backfilled)",
        " " * width + "".join(f"{h:>{column}}" for h in heads),
    ]
    lines += [f"{name:<{width}}" + "".join(f"{c:>{column}}" for c in cells) for name, cells in rows]
    if report.disagreements is not None:
        lines.append(f"the two versions decide {report.disagreements:,} requests differently")
    return "\n".join(lines)
