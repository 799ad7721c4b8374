"""Why a request was decided the way it was, in plain words, for sellers and agents."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.rules.schemas import DecisionExplanation, ExplainRequest
from fairmarket.kernel.actors import Actor


def explain_decision(uow: UnitOfWork, actor: Actor, ref: ExplainRequest) -> DecisionExplanation:
    raise NotImplementedError
