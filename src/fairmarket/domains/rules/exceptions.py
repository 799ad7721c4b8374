"""The exception queue: what rules escalate or leave undecided as a deadline nears."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.rules.schemas import (
    DecideException,
    ExceptionDetail,
    ExceptionListQuery,
    ExceptionPage,
    ExceptionRead,
    ExceptionRef,
)
from fairmarket.kernel.actors import Actor


def list_exceptions(uow: UnitOfWork, actor: Actor, query: ExceptionListQuery) -> ExceptionPage:
    raise NotImplementedError


def get_exception(uow: UnitOfWork, actor: Actor, ref: ExceptionRef) -> ExceptionDetail:
    raise NotImplementedError


def decide_exception(uow: UnitOfWork, actor: Actor, cmd: DecideException) -> ExceptionRead:
    raise NotImplementedError
