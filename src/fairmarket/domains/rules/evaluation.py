"""Evaluating rule sets on events: facts, the compiled rules, the trace, applying the decision."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.rules.schemas import (
    EvaluationListQuery,
    EvaluationPage,
    Simulate,
    Simulation,
)
from fairmarket.kernel.actors import Actor


def simulate_request(uow: UnitOfWork, actor: Actor, cmd: Simulate) -> Simulation:
    raise NotImplementedError


def list_evaluations(uow: UnitOfWork, actor: Actor, query: EvaluationListQuery) -> EvaluationPage:
    raise NotImplementedError
