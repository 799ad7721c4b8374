"""Rule-set versions: drafts, validation, tests, promotion to shadow and active, rollback.

A version's text never changes once saved; editing saves a new draft. Promotion needs the
version's own tests to pass. One version per trigger is active and one in shadow: promoting
retires whichever held that place, and an active version remembers the one it replaced, so a
rollback brings that one back at once. Every change is audited.
"""

from __future__ import annotations

import difflib

from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.rules.compiler import compiled_for_source
from fairmarket.domains.rules.definitions import RuleAction, RuleSetDefinition, RuleSetInvalid
from fairmarket.domains.rules.facts import FACTS
from fairmarket.domains.rules.language import check_rule_set
from fairmarket.domains.rules.models import RuleSet, RuleSetVersion
from fairmarket.domains.rules.schemas import (
    ActionKind,
    DiffQuery,
    FactCatalogue,
    FactCatalogueQuery,
    FactRead,
    Promote,
    RuleSetDraftCreate,
    RuleSetList,
    RuleSetListQuery,
    RuleSetRead,
    RuleSetRef,
    RuleSetVersionRead,
    RuleSourceCheck,
    RuleSummary,
    TestReport,
    Trigger,
    ValidationReport,
    VersionDiff,
    VersionRef,
    VersionStatus,
    VersionSummary,
)
from fairmarket.domains.rules.testing import run_tests
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.errors import DomainError, ErrorKind, FieldProblem, conflict, not_found

PROMOTIONS = {
    VersionStatus.SHADOW: frozenset({VersionStatus.DRAFT}),
    VersionStatus.ACTIVE: frozenset({VersionStatus.DRAFT, VersionStatus.SHADOW}),
}


def fact_catalogue(uow: UnitOfWork, actor: Actor, query: FactCatalogueQuery) -> FactCatalogue:
    require_scope(actor, "rules:read")
    return FactCatalogue(
        facts=[
            FactRead(
                name=f.name, type=f.type.value, description=f.description, values=list(f.values)
            )
            for f in FACTS
        ],
        actions=[kind.value for kind in ActionKind],
        triggers=[trigger.value for trigger in Trigger],
    )


def list_rule_sets(uow: UnitOfWork, actor: Actor, query: RuleSetListQuery) -> RuleSetList:
    require_scope(actor, "rules:read")
    statement = select(RuleSet).order_by(RuleSet.trigger, RuleSet.name)
    if query.trigger is not None:
        statement = statement.where(RuleSet.trigger == query.trigger.value)
    rule_sets = list(uow.session.scalars(statement))
    versions = uow.session.scalars(
        select(RuleSetVersion)
        .where(RuleSetVersion.rule_set_id.in_([r.id for r in rule_sets]))
        .order_by(RuleSetVersion.number.desc())
    )
    by_set: dict[int, list[VersionSummary]] = {r.id: [] for r in rule_sets}
    for version in versions:
        by_set[version.rule_set_id].append(_summary(version))
    return RuleSetList(
        items=[
            RuleSetRead(id=r.id, name=r.name, trigger=Trigger(r.trigger), versions=by_set[r.id])
            for r in rule_sets
        ]
    )


def validate_rule_set(uow: UnitOfWork, actor: Actor, cmd: RuleSourceCheck) -> ValidationReport:
    """Check a text without saving it: every problem placed, and the tests run when it parses."""
    require_scope(actor, "rules:read")
    definition, problems = check_rule_set(cmd.source)
    if definition is None:
        return ValidationReport(
            valid=False, name=None, trigger=None, problems=problems, rules=[], tests=None
        )
    return ValidationReport(
        valid=True,
        name=definition.name,
        trigger=definition.trigger,
        problems=[],
        rules=[_rule_summary(definition, index) for index in range(len(definition.rules))],
        tests=run_tests(compiled_for_source(cmd.source)),
    )


def create_draft(uow: UnitOfWork, actor: Actor, cmd: RuleSetDraftCreate) -> RuleSetVersionRead:
    """Save a text as the next draft of the rule set it names (creating the set if new)."""
    require_scope(actor, "rules:write")
    definition = _parse_or_raise(cmd.source)
    now = uow.clock.now()
    rule_set = uow.session.scalars(
        select(RuleSet).where(RuleSet.name == definition.name).with_for_update()
    ).one_or_none()
    if rule_set is None:
        rule_set = RuleSet(
            name=definition.name,
            trigger=definition.trigger.value,
            created_at=now,
            created_by=actor.label,
        )
        uow.session.add(rule_set)
        uow.session.flush()
    elif rule_set.trigger != definition.trigger.value:
        raise conflict(
            "trigger_changed",
            f"The rule set '{rule_set.name}' runs on {rule_set.trigger}; a version cannot move "
            "it to another trigger. Give the new rules another name.",
            current_state={"trigger": rule_set.trigger},
        )
    number = (
        uow.session.scalar(
            select(func.max(RuleSetVersion.number)).where(RuleSetVersion.rule_set_id == rule_set.id)
        )
        or 0
    ) + 1
    report = run_tests(compiled_for_source(cmd.source))
    version = RuleSetVersion(
        rule_set_id=rule_set.id,
        number=number,
        trigger=rule_set.trigger,
        status=VersionStatus.DRAFT,
        source=cmd.source,
        description=definition.description,
        rule_count=len(definition.rules),
        tests_passed=report.passed and report.total > 0,
        test_report=report.model_dump(mode="json"),
        created_at=now,
        created_by=actor.label,
        status_changed_at=now,
        status_changed_by=actor.label,
        replaced_version_id=None,
    )
    uow.session.add(version)
    uow.session.flush()
    _audit(uow, actor, version, "rules.draft_created", None)
    return _read(uow, version)


def get_version(uow: UnitOfWork, actor: Actor, ref: VersionRef) -> RuleSetVersionRead:
    require_scope(actor, "rules:read")
    return _read(uow, _version_or_raise(uow, ref.version_id))


def test_version(uow: UnitOfWork, actor: Actor, ref: VersionRef) -> TestReport:
    """Run the version's test cases again and keep the result on the version."""
    require_scope(actor, "rules:write")
    version = _version_or_raise(uow, ref.version_id)
    report = run_tests(compiled_for_source(version.source))
    version.tests_passed = report.passed and report.total > 0
    version.test_report = report.model_dump(mode="json")
    uow.session.flush()
    return report


def diff_versions(uow: UnitOfWork, actor: Actor, query: DiffQuery) -> VersionDiff:
    require_scope(actor, "rules:read")
    version = _version_or_raise(uow, query.version_id)
    if query.against is not None:
        other: RuleSetVersion | None = _version_or_raise(uow, query.against)
    else:
        other = uow.session.scalars(
            select(RuleSetVersion)
            .where(
                RuleSetVersion.rule_set_id == version.rule_set_id,
                RuleSetVersion.number < version.number,
            )
            .order_by(RuleSetVersion.number.desc())
            .limit(1)
        ).one_or_none()
    old_source = other.source if other is not None else ""
    old_label = f"v{other.number}" if other is not None else "(nothing)"
    lines = difflib.unified_diff(
        old_source.splitlines(keepends=True),
        version.source.splitlines(keepends=True),
        fromfile=old_label,
        tofile=f"v{version.number}",
    )
    new_rules = _rules_by_id(version.source)
    old_rules = _rules_by_id(old_source) if other is not None else {}
    return VersionDiff(
        version_id=version.id,
        against_version_id=other.id if other is not None else None,
        unified_diff="".join(lines),
        rules_added=sorted(set(new_rules) - set(old_rules)),
        rules_removed=sorted(set(old_rules) - set(new_rules)),
        rules_changed=sorted(
            rid for rid in set(new_rules) & set(old_rules) if new_rules[rid] != old_rules[rid]
        ),
    )


def promote_version(uow: UnitOfWork, actor: Actor, cmd: Promote) -> RuleSetVersionRead:
    """draft → shadow → active (or draft → active). Tests must pass; the place's previous
    holder for the trigger is retired, and an active one is remembered for rollback."""
    require_scope(actor, "rules:write")
    target = VersionStatus(cmd.to)
    version = _version_or_raise(uow, cmd.version_id, lock=True)
    current = VersionStatus(version.status)
    if current not in PROMOTIONS[target]:
        raise conflict(
            "cannot_promote",
            f"Version {version.number} is {current.value}; only "
            f"{' or '.join(sorted(PROMOTIONS[target]))} versions can become {target.value}. "
            "Save a new draft to change a retired or active version.",
            current_state={"status": current.value},
        )
    report = run_tests(compiled_for_source(version.source))
    version.tests_passed = report.passed and report.total > 0
    version.test_report = report.model_dump(mode="json")
    if not version.tests_passed:
        uow.session.flush()
        raise _tests_refused(version, report)
    holder = _holder(uow, version.trigger, target)
    if holder is not None:
        _set_status(uow, actor, holder, VersionStatus.RETIRED)
    if target is VersionStatus.ACTIVE:
        version.replaced_version_id = holder.id if holder is not None else None
    _set_status(uow, actor, version, target)
    return _read(uow, version)


def retire_version(uow: UnitOfWork, actor: Actor, ref: VersionRef) -> RuleSetVersionRead:
    require_scope(actor, "rules:write")
    version = _version_or_raise(uow, ref.version_id, lock=True)
    if version.status == VersionStatus.RETIRED:
        raise conflict(
            "already_retired",
            f"Version {version.number} is already retired.",
            current_state={"status": version.status},
        )
    _set_status(uow, actor, version, VersionStatus.RETIRED)
    return _read(uow, version)


def roll_back(uow: UnitOfWork, actor: Actor, ref: RuleSetRef) -> RuleSetVersionRead:
    """Retire the set's active version and bring back the one it replaced, in one step."""
    require_scope(actor, "rules:write")
    rule_set = uow.session.get(RuleSet, ref.rule_set_id)
    if rule_set is None:
        raise not_found("rule_set_not_found", f"There is no rule set {ref.rule_set_id}.")
    active = _holder(uow, rule_set.trigger, VersionStatus.ACTIVE)
    if active is None or active.rule_set_id != rule_set.id:
        raise conflict(
            "nothing_active",
            f"No version of '{rule_set.name}' is active, so there is nothing to roll back.",
            current_state={"trigger": rule_set.trigger},
        )
    if active.replaced_version_id is None:
        raise conflict(
            "no_previous_version",
            f"Version {active.number} replaced no earlier version; retire it instead to stop "
            "the rules.",
            current_state={"active_version_id": active.id},
        )
    previous = _version_or_raise(uow, active.replaced_version_id, lock=True)
    _set_status(uow, actor, active, VersionStatus.RETIRED)
    _set_status(uow, actor, previous, VersionStatus.ACTIVE)
    return _read(uow, previous)


# --- helpers -------------------------------------------------------------------------------


def _parse_or_raise(source: str) -> RuleSetDefinition:
    definition, problems = check_rule_set(source)
    if definition is None:
        raise DomainError(
            code="rule_set_invalid",
            kind=ErrorKind.INVALID,
            message="The rule set has problems: " + " ".join(p.message for p in problems[:5]),
            field_problems=[
                FieldProblem(field=_problem_field(p.line, p.column), message=p.message, code=p.code)
                for p in problems
            ],
        )
    return definition


def _problem_field(line: int | None, column: int | None) -> str:
    if line is None:
        return "source"
    return f"source:{line}:{column}" if column is not None else f"source:{line}"


def _tests_refused(version: RuleSetVersion, report: TestReport) -> DomainError:
    if report.total == 0:
        message = (
            f"Version {version.number} has no test cases; add some under 'tests:' (given facts, "
            "expected rule and action) and save a new draft."
        )
    else:
        failed = [r for r in report.results if not r.passed]
        message = (
            f"{len(failed)} of {report.total} test cases of version {version.number} fail "
            f"({'; '.join(f'{r.name}: {r.message}' for r in failed[:3])}); fix the rules or the "
            "tests and save a new draft."
        )
    return conflict("tests_failing", message, current_state={"tests_passed": False})


def _holder(uow: UnitOfWork, trigger: str, status: VersionStatus) -> RuleSetVersion | None:
    return uow.session.scalars(
        select(RuleSetVersion)
        .where(RuleSetVersion.trigger == trigger, RuleSetVersion.status == status)
        .with_for_update()
    ).first()


def _set_status(
    uow: UnitOfWork, actor: Actor, version: RuleSetVersion, status: VersionStatus
) -> None:
    before = version.status
    version.status = status
    version.status_changed_at = uow.clock.now()
    version.status_changed_by = actor.label
    uow.session.flush()
    _audit(uow, actor, version, f"rules.version_{status.value}", before)


def _audit(
    uow: UnitOfWork, actor: Actor, version: RuleSetVersion, action: str, before: str | None
) -> None:
    record_change(
        uow,
        actor,
        action=action,
        subject_type="rule_set_version",
        subject_id=version.id,
        seller_id=None,
        order_id=None,
        before=None if before is None else {"status": before},
        after={"status": version.status, "number": version.number},
    )


def _version_or_raise(uow: UnitOfWork, version_id: int, *, lock: bool = False) -> RuleSetVersion:
    statement = select(RuleSetVersion).where(RuleSetVersion.id == version_id)
    if lock:
        statement = statement.with_for_update()
    version = uow.session.scalars(statement).one_or_none()
    if version is None:
        raise not_found(
            "rule_version_not_found",
            f"There is no rule-set version {version_id}; list them with GET /v1/rules.",
        )
    return version


def _rules_by_id(source: str) -> dict[str, tuple[object, ...]]:
    try:
        definition = compiled_for_source(source).definition
    except RuleSetInvalid:
        return {}
    return {
        rule.id: (rule.description, [c.text for c in rule.conditions], rule.actions)
        for rule in definition.rules
    }


def _rule_summary(definition: RuleSetDefinition, index: int) -> RuleSummary:
    rule = definition.rules[index]
    return RuleSummary(
        id=rule.id,
        description=rule.description,
        line=rule.line,
        conditions=[c.text for c in rule.conditions],
        actions=[_action_dict(a) for a in rule.actions],
    )


def _action_dict(action: RuleAction) -> dict[str, object]:
    return action.as_dict()


def _summary(version: RuleSetVersion) -> VersionSummary:
    return VersionSummary(
        id=version.id,
        number=version.number,
        status=VersionStatus(version.status),
        rule_count=version.rule_count,
        tests_passed=version.tests_passed,
        created_at=version.created_at,
        created_by=version.created_by,
        status_changed_at=version.status_changed_at,
        status_changed_by=version.status_changed_by,
    )


def _read(uow: UnitOfWork, version: RuleSetVersion) -> RuleSetVersionRead:
    rule_set = uow.session.get(RuleSet, version.rule_set_id)
    assert rule_set is not None  # a version always belongs to a set (foreign key)
    return RuleSetVersionRead(
        **_summary(version).model_dump(),
        rule_set_id=rule_set.id,
        rule_set_name=rule_set.name,
        trigger=Trigger(version.trigger),
        description=version.description,
        source=version.source,
        replaced_version_id=version.replaced_version_id,
        test_report=None
        if version.test_report is None
        else TestReport.model_validate(version.test_report),
    )
