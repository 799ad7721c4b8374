"""The Ops Console's rules pages (/ops/rules): rule sets and their versions, the YAML editor
(validate and run the tests, save a draft), a version's lifecycle (test, promote to shadow and
active, retire, roll back), its diff, evaluations, a simulation and back-tests.

Every read and change goes through a capability of the catalogue, as the API and the CLI do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import call_capability
from fairmarket.entrypoints.web.dependencies import AgentActor, CheckedForm
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import container_of, redirect, render, render_error
from fairmarket.entrypoints.web.session import flash
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/rules")

EVALUATIONS_SHOWN = 20
BACKTEST_DEFAULT_DAYS = 90
SOURCE_FIELD = "source"
STARTER_SOURCE = """\
name: my-rule-set
trigger: after_sale.requested
description: What these rules decide, in one sentence.
rules:
  - id: approve-unshipped
    description: Approve cancellations of orders that have not shipped.
    when:
      - request.type == "cancellation"
      - order.status in ["awaiting_payment", "awaiting_shipment"]
    then:
      - approve
default: [no_decision]
tests:
  - name: an unshipped order's cancellation is approved
    facts: {request.type: cancellation, order.status: awaiting_shipment}
    expect: {rule: approve-unshipped, action: approve}
"""
# Version-page buttons: the form name, the capability and its fixed inputs.
LIFECYCLE = {
    "test": ("rules.test", {}),
    "shadow": ("rules.promote", {"to": "shadow"}),
    "active": ("rules.promote", {"to": "active"}),
    "retire": ("rules.retire", {}),
}


# --- rule sets ----------------------------------------------------------------------------


@router.get("", name="ops_rules")
def rule_sets_page(request: Request, actor: AgentActor) -> Response:
    try:
        listing = read(request, actor, "rules.list", {})
    except DomainError as error:
        return render(request, "ops_rules.html", {"rule_sets": []}, error=page_error(error))
    return render(request, "ops_rules.html", {"rule_sets": listing.items})


# --- the editor ---------------------------------------------------------------------------


@router.get("/new", name="ops_rules_new")
def new_page(request: Request, actor: AgentActor) -> Response:
    return show_editor(request, actor, STARTER_SOURCE, based_on=None)


@router.get("/versions/{version_id}/edit", name="ops_rules_edit")
def edit_page(request: Request, actor: AgentActor, version_id: int) -> Response:
    try:
        version = read(request, actor, "rules.get_version", {"version_id": version_id})
    except DomainError as error:
        return render_error(request, page_error(error))
    return show_editor(request, actor, version.source, based_on=version)


@router.post("/editor", name="ops_rules_editor_submit")
def editor_submit(request: Request, actor: AgentActor, form: CheckedForm) -> Response:
    """One form, two buttons: "Validate & run tests" (nothing saved) and "Save draft"."""
    # Browsers send a textarea's line breaks as CRLF; the stored text keeps plain newlines.
    source = form.get(SOURCE_FIELD, "").replace("\r\n", "\n")
    based_on = form.get("based_on", "")
    if form.get("intent") == "validate":
        try:
            report = read(request, actor, "rules.validate", {"source": source})
        except DomainError as error:
            return show_editor(request, actor, source, None, based_on, page_error(error, "editor"))
        return show_editor(request, actor, source, None, based_on, report=report)
    try:
        outcome = call_capability(
            container_of(request).uow_factory, actor, "rules.create_draft", {"source": source}
        )
    except DomainError as error:
        report = _report_if_invalid(request, actor, error, source)
        return show_editor(
            request, actor, source, None, based_on, page_error(error, "editor"), report
        )
    saved = outcome.result
    flash(request, f"Saved {saved.rule_set_name} v{saved.number} as a draft.")
    return redirect(request, "ops_rules_version", version_id=saved.id)


def _report_if_invalid(request: Request, actor: Actor, error: DomainError, source: str) -> Any:
    """A refused draft: the validation report places each problem (line:column, rule, fact)."""
    if error.code != "rule_set_invalid":
        return None
    try:
        return read(request, actor, "rules.validate", {"source": source})
    except DomainError:
        return None


def show_editor(  # noqa: PLR0917 - what a re-rendered editor carries
    request: Request,
    actor: Actor,
    source: str,
    based_on: Any = None,
    based_on_label: str = "",
    error: PageError | None = None,
    report: Any = None,
) -> Response:
    try:
        catalogue = read(request, actor, "rules.facts", {})
    except DomainError as failure:
        return render_error(request, page_error(failure))
    label = based_on_label or (
        f"{based_on.rule_set_name} v{based_on.number}" if based_on is not None else ""
    )
    context = {
        "source": source,
        "based_on": label,
        "catalogue": catalogue,
        "report": report,
        "line_count": max(source.count("\n") + 1, 20),
    }
    return render(request, "ops_rules_editor.html", context, error=error)


# --- one version --------------------------------------------------------------------------


@router.get("/versions/{version_id}", name="ops_rules_version")
def version_page(request: Request, actor: AgentActor, version_id: int) -> Response:
    return show_version(request, actor, version_id)


def show_version(  # noqa: PLR0917 - what a re-rendered page may carry
    request: Request,
    actor: Actor,
    version_id: int,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
    simulation: Any = None,
) -> Response:
    try:
        version = read(request, actor, "rules.get_version", {"version_id": version_id})
    except DomainError as failure:
        return render_error(request, page_error(failure))
    context: dict[str, Any] = {
        "version": version,
        "values": dict(values or {}),
        "simulation": simulation,
        "diff": None,
        "diff_error": None,
        "evaluations": [],
        "evaluations_error": None,
    }
    try:
        context["diff"] = read(request, actor, "rules.diff", {"version_id": version_id})
    except DomainError as failure:
        context["diff_error"] = failure.message
    try:
        query = {"version_id": version_id, "limit": EVALUATIONS_SHOWN}
        context["evaluations"] = read(request, actor, "rules.evaluations", query).items
    except DomainError as failure:
        context["evaluations_error"] = failure.message
    return render(request, "ops_rules_version.html", context, error=error)


@router.post("/versions/{version_id}/{step}", name="ops_rules_lifecycle")
def lifecycle(
    request: Request, actor: AgentActor, form: CheckedForm, version_id: int, step: str
) -> Response:
    """Run tests, promote to shadow or active, retire: each a button on the version page."""
    if step == "simulate":
        return _simulate(request, actor, form, version_id)
    if step not in LIFECYCLE:
        return render_error(request, PageError(404, "not_found", "There is no such action."))
    capability, fixed = LIFECYCLE[step]
    return submit_form(
        request,
        actor,
        capability=capability,
        form_name=step,
        raw={**fixed, "version_id": str(version_id)},
        rerender=lambda error, _typed: show_version(request, actor, version_id, error, form),
        success=("ops_rules_version", {"version_id": version_id}),
    )


def _simulate(request: Request, actor: Actor, form: Mapping[str, str], version_id: int) -> Response:
    raw = {"version_id": str(version_id), "request_id": form.get("request_id", "")}
    try:
        simulation = read(request, actor, "rules.simulate", raw)
    except DomainError as error:
        return show_version(request, actor, version_id, page_error(error, "simulate"), form)
    return show_version(request, actor, version_id, None, form, simulation)


@router.post("/sets/{rule_set_id}/rollback", name="ops_rules_rollback")
def rollback(request: Request, actor: AgentActor, form: CheckedForm, rule_set_id: int) -> Response:
    version_id = int(form["version_id"]) if form.get("version_id", "").isdigit() else 0
    try:
        outcome = call_capability(
            container_of(request).uow_factory,
            actor,
            "rules.rollback",
            {"rule_set_id": str(rule_set_id)},
        )
    except DomainError as error:
        if version_id:
            return show_version(request, actor, version_id, page_error(error, "rollback"), form)
        return render_error(request, page_error(error))
    restored = outcome.result
    flash(request, f"Rolled back: {restored.rule_set_name} v{restored.number} is active again.")
    return redirect(request, "ops_rules_version", version_id=restored.id)


# --- back-test ----------------------------------------------------------------------------


@router.get("/versions/{version_id}/backtest", name="ops_rules_backtest")
def backtest_page(request: Request, actor: AgentActor, version_id: int) -> Response:
    try:
        version = read(request, actor, "rules.get_version", {"version_id": version_id})
        siblings = _versions_of(request, actor, version.rule_set_id)
    except DomainError as failure:
        return render_error(request, page_error(failure))
    today = container_of(request).clock.now().date()
    query = request.query_params
    values = {
        "from_date": query.get("from_date") or str(today - timedelta(days=BACKTEST_DEFAULT_DAYS)),
        "to_date": query.get("to_date") or str(today),
        "compare_version_id": query.get("compare_version_id", ""),
    }
    context: dict[str, Any] = {
        "version": version,
        "siblings": [v for v in siblings if v.id != version_id],
        "values": values,
        "report": None,
        "charts": [],
    }
    if "from_date" not in query:
        return render(request, "ops_backtest.html", context)
    try:
        report = read(request, actor, "rules.backtest", {**values, "version_id": version_id})
    except DomainError as error:
        return render(request, "ops_backtest.html", context, error=page_error(error, "backtest"))
    runs = [report.run] + ([report.compared] if report.compared else [])
    context.update(report=report, charts=[_charts(run) for run in runs])
    return render(request, "ops_backtest.html", context)


def _versions_of(request: Request, actor: Actor, rule_set_id: int) -> list[Any]:
    listing = read(request, actor, "rules.list", {})
    for rule_set in listing.items:
        if rule_set.id == rule_set_id:
            return list(rule_set.versions)
    return []


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int


BAR_HEIGHT = 22
BAR_GAP = 6
BAR_AREA = 300.0  # px of the widest bar


def bar_chart(title: str, counts: list[Any]) -> Chart:
    """An inline SVG's geometry: one horizontal bar per (label, count), widest = the most."""
    top = max((item.count for item in counts), default=0) or 1
    bars = [
        Bar(item.action, item.count, i * (BAR_HEIGHT + BAR_GAP), BAR_AREA * item.count / top)
        for i, item in enumerate(counts)
    ]
    return Chart(title, bars, max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP))


def _charts(run: Any) -> list[Chart]:
    return [bar_chart("Decisions by action", run.decisions), bar_chart("By rule", run.by_rule)]
