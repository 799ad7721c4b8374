"""Rule-set versions: drafts from text, tests before promotion, one active and one shadow
version per trigger, instant rollback, and nobody but operations may touch them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.rules import versions
from fairmarket.domains.rules.models import RuleSetVersion
from fairmarket.domains.rules.schemas import (
    DiffQuery,
    Promote,
    RuleSetDraftCreate,
    RuleSetListQuery,
    RuleSetRef,
    RuleSetVersionRead,
    RuleSourceCheck,
    VersionRef,
)
from fairmarket.kernel.actors import Actor, ActorKind, Channel
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.factories.rules import RULES_AGENT as OPS
from tests.support.rule_sets import CANCELLATIONS

A_SELLER = Actor(
    kind=ActorKind.SELLER_USER,
    channel=Channel.SELLER_CENTER,
    id=7,
    seller_id=1,
    label="seller:owner@shop.test",
    scopes=frozenset({"after_sales:read", "after_sales:write"}),
)
CHANGED = CANCELLATIONS.replace("0 < order.value <= 200", "0 < order.value <= 300")
FAILING = CANCELLATIONS.replace(
    "expect: {rule: approve-unshipped, action: approve}",
    "expect: {rule: approve-unshipped, action: reject}",
)


def draft(uow_factory: UnitOfWorkFactory, source: str = CANCELLATIONS) -> RuleSetVersionRead:
    with uow_factory() as uow:
        return versions.create_draft(uow, OPS, RuleSetDraftCreate(source=source))


def promote(uow_factory: UnitOfWorkFactory, version_id: int, to: str) -> RuleSetVersionRead:
    with uow_factory() as uow:
        return versions.promote_version(uow, OPS, Promote(version_id=version_id, to=to))  # type: ignore[arg-type]


def statuses(uow_factory: UnitOfWorkFactory) -> dict[int, str]:
    with uow_factory() as uow:
        return {v.number: v.status for v in uow.session.scalars(select(RuleSetVersion))}


def test_a_draft_is_numbered_per_rule_set_with_its_tests_run(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = draft(uow_factory)
    second = draft(uow_factory, CHANGED)

    assert (first.number, second.number) == (1, 2)
    assert first.rule_set_id == second.rule_set_id
    assert (first.status, first.rule_count, first.tests_passed) == ("draft", 3, True)
    assert second.test_report is not None
    assert second.test_report.total == 3


def test_an_invalid_text_is_refused_with_each_problem_and_nothing_is_saved(
    uow_factory: UnitOfWorkFactory,
) -> None:
    bad = CANCELLATIONS.replace("buyer.cancellation_rate_90d < 0.3", "buyer.cancel_rate < 0.3")

    with pytest.raises(DomainError) as raised:
        draft(uow_factory, bad)

    assert raised.value.kind is ErrorKind.INVALID
    assert [(p.field, p.code) for p in raised.value.field_problems] == [
        ("source:10:9", "unknown_fact")
    ]
    assert statuses(uow_factory) == {}


def test_validation_reports_problems_or_test_results_without_saving(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        good = versions.validate_rule_set(uow, OPS, RuleSourceCheck(source=CANCELLATIONS))
        bad = versions.validate_rule_set(uow, OPS, RuleSourceCheck(source="name: x\n"))

    assert good.valid
    assert good.tests is not None
    assert good.tests.passed
    assert good.rules[0].id == "approve-unshipped"
    assert not bad.valid
    assert {p.code for p in bad.problems} == {"missing_key", "missing_default"}
    assert statuses(uow_factory) == {}


def test_promotion_needs_passing_tests(uow_factory: UnitOfWorkFactory) -> None:
    failing = draft(uow_factory, FAILING)

    with pytest.raises(DomainError) as raised:
        promote(uow_factory, failing.id, "active")

    assert raised.value.code == "tests_failing"
    assert "a first-time canceller is approved" in raised.value.message
    assert statuses(uow_factory) == {1: "draft"}


def test_shadow_then_active_and_a_newer_active_retires_the_older_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = draft(uow_factory)
    promote(uow_factory, first.id, "shadow")
    promote(uow_factory, first.id, "active")
    second = draft(uow_factory, CHANGED)

    promoted = promote(uow_factory, second.id, "active")

    assert promoted.replaced_version_id == first.id
    assert statuses(uow_factory) == {1: "retired", 2: "active"}


def test_rollback_brings_back_the_replaced_version_at_once(uow_factory: UnitOfWorkFactory) -> None:
    first = draft(uow_factory)
    promote(uow_factory, first.id, "active")
    second = draft(uow_factory, CHANGED)
    promote(uow_factory, second.id, "active")

    with uow_factory() as uow:
        back = versions.roll_back(uow, OPS, RuleSetRef(rule_set_id=first.rule_set_id))

    assert (back.id, back.status) == (first.id, "active")
    assert statuses(uow_factory) == {1: "active", 2: "retired"}
    with uow_factory() as uow:
        actions = list(uow.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions[-2:] == ["rules.version_retired", "rules.version_active"]


def test_rollback_with_nothing_before_says_to_retire_instead(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = draft(uow_factory)
    promote(uow_factory, first.id, "active")

    with pytest.raises(DomainError) as raised, uow_factory() as uow:
        versions.roll_back(uow, OPS, RuleSetRef(rule_set_id=first.rule_set_id))

    assert raised.value.code == "no_previous_version"
    assert statuses(uow_factory) == {1: "active"}


def test_a_retired_version_cannot_be_promoted_again(uow_factory: UnitOfWorkFactory) -> None:
    first = draft(uow_factory)
    with uow_factory() as uow:
        versions.retire_version(uow, OPS, VersionRef(version_id=first.id))

    with pytest.raises(DomainError) as raised:
        promote(uow_factory, first.id, "active")

    assert raised.value.code == "cannot_promote"
    assert statuses(uow_factory) == {1: "retired"}


def test_the_diff_names_changed_rules(uow_factory: UnitOfWorkFactory) -> None:
    draft(uow_factory)
    second = draft(uow_factory, CHANGED)

    with uow_factory() as uow:
        diff = versions.diff_versions(uow, OPS, DiffQuery(version_id=second.id))

    assert diff.rules_changed == ["approve-unshipped"]
    assert (diff.rules_added, diff.rules_removed) == ([], [])
    assert "-      - 0 < order.value <= 200\n+      - 0 < order.value <= 300\n" in diff.unified_diff


def test_a_seller_can_neither_read_nor_write_rules(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(DomainError) as raised, uow_factory() as uow:
        versions.create_draft(uow, A_SELLER, RuleSetDraftCreate(source=CANCELLATIONS))
    with pytest.raises(DomainError) as listing, uow_factory() as uow:
        versions.list_rule_sets(uow, A_SELLER, RuleSetListQuery())

    assert raised.value.kind is ErrorKind.FORBIDDEN
    assert listing.value.kind is ErrorKind.FORBIDDEN
    assert statuses(uow_factory) == {}
