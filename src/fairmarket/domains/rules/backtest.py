"""Back-testing: replay a version over historical requests and compare with what happened.

The fact snapshots (`after_sale_facts`) hold one typed column per catalogue fact in catalogue
order, so the rows are read with SQLAlchemy Core (no ORM objects, no JSON), streamed in
partitions, and each row goes straight to the compiled rule set's `decide`: the fact columns come
first in the row and `decide` reads facts by position. Everything else is counted in one pass;
with a second version both are decided on the same row.

What the replay assumes, per decision (amounts in minor units):
- approve, or a full refund: the request's requested amount is refunded;
- a partial refund: the percent or amount of the requested amount, never more than it, capped;
- reject: nothing is refunded;
- escalate, request_evidence, no_decision: a person would still decide, so what actually was
  refunded stands.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from sqlalchemy import Select, and_, func, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.rules import facts_assembly
from fairmarket.domains.rules.apply import refund_amount_minor
from fairmarket.domains.rules.compiler import (
    CompiledRuleSet,
    compiled_for_columns,
    compiled_for_source,
)
from fairmarket.domains.rules.definitions import RuleAction, decision_of
from fairmarket.domains.rules.facts import FACTS, FACTS_BY_NAME
from fairmarket.domains.rules.models import ExceptionItem, RuleSet, RuleSetVersion, after_sale_facts
from fairmarket.domains.rules.schemas import (
    DECISIVE_ACTIONS,
    RESOLVING_ACTIONS,
    ActionCount,
    ActionKind,
    BacktestCommand,
    BacktestReport,
    BacktestRun,
    LabelScore,
    Trigger,
)
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.errors import forbidden, invalid, not_found

Progress = Callable[[int, int], None]  # (rows done, rows in all)

PARTITION_ROWS = 20_000
RESOLVING_VALUES = frozenset(kind.value for kind in RESOLVING_ACTIONS)

# The journey's first decision (after_sale_requests.decided_action) as the rules' vocabulary.
ACTUAL_ACTION: dict[str | None, ActionKind] = {
    None: ActionKind.NO_DECISION,
    "approve": ActionKind.APPROVE,
    "auto_approve": ActionKind.APPROVE,
    "request_interception": ActionKind.APPROVE,
    "auto_intercept": ActionKind.APPROVE,
    "reject": ActionKind.REJECT,
    "auto_reject": ActionKind.REJECT,
    "refund_without_return": ActionKind.REFUND,
    "offer_partial_refund": ActionKind.REFUND,
    "escalate": ActionKind.ESCALATE,
}
AUTOMATIC_DECIDERS = frozenset({"system", "system_rule"})
HUMAN_DECIDERS = frozenset({"seller_user", "integration", "agent"})
_LABELS = frozenset(kind.value for kind in DECISIVE_ACTIONS)

# How a replayed decision's refund is counted (see the module docstring).
_ZERO, _REQUESTED, _ACTUAL, _COMPUTED = 0, 1, 2, 3


def run_backtest(
    uow: UnitOfWork,
    actor: Actor,
    cmd: BacktestCommand,
    *,
    progress: Progress | None = None,
) -> BacktestReport:
    """Replay a version (and optionally a second one) over the requests opened between two days
    and compare its decisions with what actually happened and with people's decisions.

    Give it a writable unit of work: it stores the fact snapshots it backfills, and streams the
    rows through a server-side cursor inside that transaction."""
    require_scope(actor, "rules:read")
    if actor.is_seller_side or actor.seller_id is not None:
        raise forbidden(
            "backtest_platform_only",
            "Back-tests replay every seller's history; only platform operations can run them.",
        )
    if cmd.to_date < cmd.from_date:
        raise invalid(
            "backtest_dates_reversed",
            f"The range ends ({cmd.to_date}) before it starts ({cmd.from_date}); "
            "give the earlier day as from_date.",
            "to_date",
        )
    started = time.perf_counter()
    version, rule_set = _version(uow, cmd.version_id)
    trigger = Trigger(version.trigger)
    replays = [_Replay(version, rule_set)]
    if cmd.compare_version_id is not None:
        other, other_set = _version(uow, cmd.compare_version_id)
        if other.trigger != version.trigger:
            raise invalid(
                "backtest_triggers_differ",
                f"Version {other.id} runs on {other.trigger} and version {version.id} on "
                f"{version.trigger}; compare two versions of rules for the same trigger.",
                "compare_version_id",
            )
        replays.append(_Replay(other, other_set))

    start, end = day_range(cmd.from_date, cmd.to_date)
    missing = facts_assembly.requests_missing_facts(uow, trigger, start, end)
    backfilled = facts_assembly.snapshot_request_facts(uow, trigger, missing) if missing else 0

    tally = _stream(uow, trigger, start, end, replays, progress=progress)
    seconds = time.perf_counter() - started
    runs = [_run(replay, tally, index, seconds) for index, replay in enumerate(replays)]
    disagreements = None
    if len(replays) == 2:
        disagreements = sum(
            count
            for (first, second, *_), count in tally.counts.items()
            if replays[0].kinds[first] is not replays[1].kinds[second]
        )
    return BacktestReport(
        from_date=cmd.from_date,
        to_date=cmd.to_date,
        trigger=trigger,
        facts_backfilled=backfilled,
        run=runs[0],
        compared=runs[1] if len(runs) == 2 else None,
        disagreements=disagreements,
    )


# --- reading -------------------------------------------------------------------------------


def _version(uow: UnitOfWork, version_id: int) -> tuple[RuleSetVersion, RuleSet]:
    version = uow.session.get(RuleSetVersion, version_id)
    if version is None:
        raise not_found(
            "version_not_found",
            f"There is no rule-set version {version_id}; `fairmarket rules list` shows them.",
        )
    rule_set = uow.session.get(RuleSet, version.rule_set_id)
    assert rule_set is not None  # a version always belongs to a rule set
    return version, rule_set


def history_query(
    trigger: Trigger, start: datetime, end: datetime, columns: tuple[str, ...]
) -> Select[Any]:
    """The facts named in `columns` first (in that order), then status, requested_minor,
    refund_minor, decided_action, decided_by and the latest exception label of each request
    opened in [start, end). Only the facts the replayed rules test are read: for a million rows
    the driver's cost is per value, and the rules are compiled for this narrow layout."""
    requests = AfterSaleRequest.__table__
    latest = (
        select(ExceptionItem.request_id.label("request_id"), func.max(ExceptionItem.id).label("id"))
        .where(ExceptionItem.label.is_not(None))
        .group_by(ExceptionItem.request_id)
        .subquery()
    )
    labels = ExceptionItem.__table__
    return (
        select(
            *(after_sale_facts.c[FACTS_BY_NAME[name].column] for name in columns),
            requests.c.status,
            requests.c.requested_minor,
            requests.c.refund_minor,
            requests.c.decided_action,
            requests.c.decided_by,
            labels.c.label,
        )
        .select_from(after_sale_facts)
        .join(requests, requests.c.id == after_sale_facts.c.request_id)
        .outerjoin(latest, latest.c.request_id == requests.c.id)
        .outerjoin(labels, labels.c.id == latest.c.id)
        .where(
            after_sale_facts.c.trigger == trigger.value,
            requests.c.requested_at >= start,
            requests.c.requested_at < end,
        )
    )


def count_history(uow: UnitOfWork, trigger: Trigger, start: datetime, end: datetime) -> int:
    requests = AfterSaleRequest.__table__
    total = uow.session.execute(
        select(func.count())
        .select_from(after_sale_facts)
        .join(requests, requests.c.id == after_sale_facts.c.request_id)
        .where(
            and_(
                after_sale_facts.c.trigger == trigger.value,
                requests.c.requested_at >= start,
                requests.c.requested_at < end,
            )
        )
    ).scalar_one()
    return int(total)


# --- replaying -----------------------------------------------------------------------------


class _Replay:
    """One version, compiled, with what each rule index (-1: the default) decides."""

    def __init__(self, version: RuleSetVersion, rule_set: RuleSet) -> None:
        self.version = version
        self.rule_set = rule_set
        self.compiled: CompiledRuleSet = compiled_for_source(version.source)
        definition = self.compiled.definition
        indexes = [*range(len(definition.rules)), -1]
        self.decisions: dict[int, RuleAction] = {
            i: decision_of(definition.actions_for(i)) for i in indexes
        }
        self.kinds: dict[int, ActionKind] = {i: a.kind for i, a in self.decisions.items()}
        self.rule_ids: dict[int, str] = {i: definition.rule_id_for(i) or "default" for i in indexes}
        self.refund_modes: dict[int, int] = {i: _refund_mode(a) for i, a in self.decisions.items()}


def _refund_mode(action: RuleAction) -> int:
    if action.kind is ActionKind.REJECT:
        return _ZERO
    if action.kind is ActionKind.APPROVE:
        return _REQUESTED
    if action.kind is ActionKind.REFUND:
        return _REQUESTED if action.is_full_refund and action.cap is None else _COMPUTED
    return _ACTUAL


@dataclass
class _Tally:
    # (index per replay..., actual action, automatic before, label) -> requests
    counts: dict[tuple[Any, ...], int]
    refund_actual: int
    refund_replayed: list[int]


def _stream(
    uow: UnitOfWork,
    trigger: Trigger,
    start: datetime,
    end: datetime,
    replays: list[_Replay],
    *,
    progress: Progress | None,
) -> _Tally:
    total = count_history(uow, trigger, start, end) if progress is not None else 0
    tested = {
        name
        for replay in replays
        for rule in replay.compiled.definition.rules
        for condition in rule.conditions
        for name in condition.facts
    }
    columns = tuple(fact.name for fact in FACTS if fact.name in tested)
    statement = history_query(trigger, start, end, columns)
    if not uow.read_only:  # a server-side cursor needs a transaction (read-only units autocommit)
        statement = statement.execution_options(yield_per=PARTITION_ROWS)
    n = len(columns)
    counts: dict[tuple[Any, ...], int] = {}
    refund_actual = 0
    refund_replayed = [0] * len(replays)
    actual_of = {action: kind.value for action, kind in ACTUAL_ACTION.items()}
    human, automatic = HUMAN_DECIDERS, AUTOMATIC_DECIDERS
    plans = [
        (compiled_for_columns(r.version.source, columns).decide, r.refund_modes, r.decisions)
        for r in replays
    ]
    done = 0
    result = uow.session.connection().execute(statement)
    for partition in result.partitions(PARTITION_ROWS):
        for row in partition:
            requested, refunded, decided_action, decided_by, label = row[n + 1 :]
            refunded = refunded or 0
            refund_actual += refunded
            actual = actual_of.get(decided_action, "no_decision")
            if label not in _LABELS:
                label = actual if decided_by in human else None
            key: tuple[Any, ...] = (actual, decided_by in automatic, label)
            for position, (decide, modes, decisions) in enumerate(plans):
                index = decide(row)
                key = (index, *key) if position == 0 else (key[0], index, *key[1:])
                mode = modes[index]
                if mode == _REQUESTED:
                    refund_replayed[position] += requested
                elif mode == _ACTUAL:
                    refund_replayed[position] += refunded
                elif mode == _COMPUTED:
                    # No currency per row: amounts in 2-decimal minor units.
                    refund_replayed[position] += refund_amount_minor(
                        requested, decisions[index], ""
                    )
            counts[key] = counts.get(key, 0) + 1
        done += len(partition)
        if progress is not None:
            progress(done, total)
    return _Tally(counts, refund_actual, refund_replayed)


def _run(replay: _Replay, tally: _Tally, position: int, seconds: float) -> BacktestRun:
    requests = 0
    by_action: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    differing = automatic_before = automatic_after = labelled = 0
    predicted: dict[str, int] = {}  # among labelled requests
    labelled_as: dict[str, int] = {}
    agreed: dict[str, int] = {}
    for key, count in tally.counts.items():
        index = key[position]
        actual, automatic, label = key[-3], key[-2], key[-1]
        kind = replay.kinds[index]
        requests += count
        by_action[kind.value] = by_action.get(kind.value, 0) + count
        rule_id = replay.rule_ids[index]
        by_rule[rule_id] = by_rule.get(rule_id, 0) + count
        if kind.value != actual:
            differing += count
        if automatic:
            automatic_before += count
        if kind in RESOLVING_ACTIONS or automatic:
            automatic_after += count
        if label is not None:
            labelled += count
            predicted[kind.value] = predicted.get(kind.value, 0) + count
            labelled_as[label] = labelled_as.get(label, 0) + count
            if kind.value == label:
                agreed[label] = agreed.get(label, 0) + count
    scores = [
        LabelScore(
            action=action,
            precision=agreed.get(action, 0) / predicted[action] if predicted.get(action) else None,
            recall=agreed.get(action, 0) / labelled_as[action] if labelled_as.get(action) else None,
            support=labelled_as.get(action, 0),
        )
        # Scored: what people decided, and the rules' resolving decisions (an escalation or
        # "no decision" hands the request to a person, so it has no precision of its own).
        for action in sorted(set(labelled_as) | (set(predicted) & RESOLVING_VALUES))
    ]
    refund_replayed = tally.refund_replayed[position]
    return BacktestRun(
        version_id=replay.version.id,
        rule_set_name=replay.rule_set.name,
        version_number=replay.version.number,
        requests=requests,
        decisions=_counted(by_action),
        by_rule=_counted(by_rule),
        differing=differing,
        refund_actual_minor=tally.refund_actual,
        refund_replayed_minor=refund_replayed,
        refund_difference_minor=refund_replayed - tally.refund_actual,
        auto_resolution_before=automatic_before / requests if requests else None,
        auto_resolution_after=automatic_after / requests if requests else None,
        labelled=labelled,
        scores=scores,
        seconds=round(seconds, 3),
    )


def _counted(counts: dict[str, int]) -> list[ActionCount]:
    return [
        ActionCount(action=name, count=count)
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00 UTC, the day after last 00:00 UTC)."""
    return (
        datetime.combine(first, clock_time.min, tzinfo=UTC),
        datetime.combine(last + timedelta(days=1), clock_time.min, tzinfo=UTC),
    )
