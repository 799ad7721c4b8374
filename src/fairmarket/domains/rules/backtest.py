"""Back-testing: replay a version over historical requests and compare with what happened."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.rules.schemas import BacktestCommand, BacktestReport
from fairmarket.kernel.actors import Actor


def run_backtest(uow: UnitOfWork, actor: Actor, cmd: BacktestCommand) -> BacktestReport:
    raise NotImplementedError
