"""Typed factories for rule sets: a version stored directly with the status a test needs."""

from __future__ import annotations

import time

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.rules.compiler import compiled_for_source
from fairmarket.domains.rules.jobs import run_rules_on_new_events
from fairmarket.domains.rules.models import RuleSet, RuleSetVersion
from fairmarket.domains.rules.schemas import VersionStatus
from fairmarket.kernel.actors import Actor, ActorKind, Channel

# An operations agent who writes and runs rules.
RULES_AGENT = Actor(
    kind=ActorKind.AGENT,
    channel=Channel.OPS_CONSOLE,
    id=1,
    label="agent:rules@fairmarket.test",
    scopes=frozenset({"rules:read", "rules:write", "after_sales:read"}),
)


def make_rule_version(
    factory: UnitOfWorkFactory, source: str, *, status: VersionStatus = VersionStatus.ACTIVE
) -> int:
    """Store `source` as version 1 of its rule set, with `status`; returns the version id."""
    definition = compiled_for_source(source).definition
    with factory() as uow:
        now = uow.clock.now()
        rule_set = RuleSet(
            name=definition.name,
            trigger=definition.trigger.value,
            created_at=now,
            created_by="admin@fairmarket.test",
        )
        uow.session.add(rule_set)
        uow.session.flush()
        version = RuleSetVersion(
            rule_set_id=rule_set.id,
            number=1,
            trigger=definition.trigger.value,
            status=status.value,
            source=source,
            description=definition.description,
            rule_count=len(definition.rules),
            tests_passed=True,
            test_report=None,
            created_at=now,
            created_by="admin@fairmarket.test",
            status_changed_at=now,
            status_changed_by="admin@fairmarket.test",
        )
        uow.session.add(version)
        uow.session.flush()
        return version.id


def run_rules(factory: UnitOfWorkFactory, *, expect: int, within_seconds: float = 10.0) -> int:
    """Run the rules job until it has evaluated `expect` events. On PostgreSQL the log holds
    back events while any older transaction in the cluster runs (other test databases'
    included), so one round may see nothing yet."""
    evaluated = run_rules_on_new_events(factory)
    deadline = time.monotonic() + within_seconds
    while evaluated < expect and time.monotonic() < deadline:
        time.sleep(0.05)
        evaluated += run_rules_on_new_events(factory)
    return evaluated
