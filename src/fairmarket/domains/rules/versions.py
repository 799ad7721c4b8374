"""Rule-set versions: drafts, validation, tests, promotion to shadow and active, rollback."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.rules.schemas import (
    DiffQuery,
    FactCatalogue,
    FactCatalogueQuery,
    Promote,
    RuleSetDraftCreate,
    RuleSetList,
    RuleSetListQuery,
    RuleSetRef,
    RuleSetVersionRead,
    RuleSourceCheck,
    TestReport,
    ValidationReport,
    VersionDiff,
    VersionRef,
)
from fairmarket.kernel.actors import Actor


def fact_catalogue(uow: UnitOfWork, actor: Actor, query: FactCatalogueQuery) -> FactCatalogue:
    raise NotImplementedError


def list_rule_sets(uow: UnitOfWork, actor: Actor, query: RuleSetListQuery) -> RuleSetList:
    raise NotImplementedError


def validate_rule_set(uow: UnitOfWork, actor: Actor, cmd: RuleSourceCheck) -> ValidationReport:
    raise NotImplementedError


def create_draft(uow: UnitOfWork, actor: Actor, cmd: RuleSetDraftCreate) -> RuleSetVersionRead:
    raise NotImplementedError


def get_version(uow: UnitOfWork, actor: Actor, ref: VersionRef) -> RuleSetVersionRead:
    raise NotImplementedError


def test_version(uow: UnitOfWork, actor: Actor, ref: VersionRef) -> TestReport:
    raise NotImplementedError


def diff_versions(uow: UnitOfWork, actor: Actor, query: DiffQuery) -> VersionDiff:
    raise NotImplementedError


def promote_version(uow: UnitOfWork, actor: Actor, cmd: Promote) -> RuleSetVersionRead:
    raise NotImplementedError


def retire_version(uow: UnitOfWork, actor: Actor, ref: VersionRef) -> RuleSetVersionRead:
    raise NotImplementedError


def roll_back(uow: UnitOfWork, actor: Actor, ref: RuleSetRef) -> RuleSetVersionRead:
    raise NotImplementedError
