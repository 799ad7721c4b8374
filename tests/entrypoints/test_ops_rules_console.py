"""The Ops Console's rules pages and exception queue through HTTP: Ruth, a platform agent, writes
a rule set, validates it, saves drafts, promotes them and back-tests them; a seller never
reaches these pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.rules.evaluation import evaluate_trigger
from fairmarket.domains.rules.models import ExceptionItem, RuleEvaluation
from fairmarket.domains.rules.schemas import ActionCount, Trigger
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.web.ops_exceptions import to_minor
from fairmarket.entrypoints.web.ops_rules import bar_chart
from fairmarket.kernel.actors import Actor
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.ops import make_agent
from tests.factories.orders import make_order
from tests.factories.rules import make_rule_version
from tests.support.capabilities import call
from tests.support.rule_sets import APPROVE_UNSHIPPED as SOURCE

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
AGENT_EMAIL = "ruth@ops.fairmarket.test"
AGENT_PASSWORD = "a long agent password"
# Line 10 names a fact the catalogue does not have, inside rule "approve-unshipped".
UNKNOWN_FACT_SOURCE = SOURCE.replace("buyer.cancellation_rate_90d", "buyer.mood")
# The test expects a rejection the rules never make.
FAILING_TEST_SOURCE = SOURCE.replace(
    "expect: {rule: approve-unshipped, action: approve}",
    "expect: {rule: default, action: no_decision}",
)
SECOND_VERSION = SOURCE.replace("< 0.3", "< 0.5")


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def agent(uow_factory: UnitOfWorkFactory) -> Actor:
    return make_agent(uow_factory, AGENT_EMAIL, AGENT_PASSWORD)


@pytest.fixture
def token(client: TestClient, agent: Actor) -> str:
    """Ruth is signed in to the Ops Console; the CSRF token of her session."""
    login = csrf_token(client.get("/ops/login").text)
    response = client.post(
        "/ops/login",
        data={"email": AGENT_EMAIL, "password": AGENT_PASSWORD, "csrf_token": login},
    )
    assert response.status_code == 303, response.text
    return csrf_token(client.get("/ops/rules").text)


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def editor_text(page: str) -> str:
    """What the editor's textarea holds (the browser drops the newline right after the tag)."""
    match = re.search(r'<textarea id="rule-source"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert match, "the page has no editor"
    return html.unescape(match.group(1))


def rule_sets(factory: UnitOfWorkFactory, agent: Actor) -> list[Any]:
    return list(call(factory, agent, "rules.list").items)


def test_a_seller_cannot_reach_the_rules_pages_or_the_exception_queue(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    seller = make_seller(uow_factory)
    login = csrf_token(client.get("/seller/login").text)
    client.post(
        "/seller/login",
        data={"email": seller.email, "password": seller.password, "csrf_token": login},
    )

    pages = [client.get(path) for path in ("/ops/rules", "/ops/rules/new", "/ops/exceptions")]

    assert [page.status_code for page in pages] == [303, 303, 303]
    assert pages[0].headers["location"] == "/ops/login?next=%2Fops%2Frules"
    assert pages[2].headers["location"] == "/ops/login?next=%2Fops%2Fexceptions"


def test_validating_a_valid_text_shows_the_tests_passed_and_saves_nothing(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    response = client.post(
        "/ops/rules/editor", data={"source": SOURCE, "intent": "validate", "csrf_token": token}
    )

    page = text_of(response.text)
    assert response.status_code == 200
    assert "Valid: cancellations on after_sale.requested, 1 rule." in page
    assert "Tests: all 1 passed" in page
    assert "a first-time canceller is approved" in page
    assert rule_sets(uow_factory, agent) == []


def test_validating_an_unknown_fact_shows_its_line_rule_and_fact_and_keeps_the_text(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    response = client.post(
        "/ops/rules/editor",
        data={"source": UNKNOWN_FACT_SOURCE, "intent": "validate", "csrf_token": token},
    )

    page = text_of(response.text)
    assert response.status_code == 200
    assert re.search(r"line 10:\d+ .*buyer\.mood", page), page
    assert "rule approve-unshipped" in page
    assert "fact buyer.mood" in page
    assert editor_text(response.text) == UNKNOWN_FACT_SOURCE
    assert rule_sets(uow_factory, agent) == []


def test_saving_an_invalid_text_shows_the_problem_line_keeps_the_text_and_saves_nothing(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    broken = "name: cancellations\ntrigger: after_sale.requested\nrules: [\n"

    response = client.post(
        "/ops/rules/editor", data={"source": broken, "intent": "save", "csrf_token": token}
    )

    page = text_of(response.text)
    assert response.status_code == 422
    assert re.search(r"line \d+(:\d+)? ", page), page
    assert editor_text(response.text) == broken
    assert rule_sets(uow_factory, agent) == []


def test_saving_a_draft_opens_its_version_page_and_lists_it(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    response = client.post(
        "/ops/rules/editor", data={"source": SOURCE, "intent": "save", "csrf_token": token}
    )

    [rule_set] = rule_sets(uow_factory, agent)
    [version] = rule_set.versions
    assert response.status_code == 303
    assert response.headers["location"] == f"/ops/rules/versions/{version.id}"
    assert version.status == "draft"
    shown = text_of(client.get(response.headers["location"]).text)
    assert "Saved cancellations v1 as a draft." in shown
    assert "cancellations v1 Draft" in shown
    assert "The first version of this rule set: nothing to compare with." in shown
    listing = text_of(client.get("/ops/rules").text)
    assert "cancellations v1 Draft" in listing
    assert "Edit as new draft" in listing


def test_the_editor_opens_a_version_as_a_new_draft_with_its_text_and_the_facts(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    saved = call(uow_factory, agent, "rules.create_draft", source=SOURCE)

    response = client.get(f"/ops/rules/versions/{saved.id}/edit")

    page = text_of(response.text)
    assert response.status_code == 200
    assert "New draft from cancellations v1" in page
    assert editor_text(response.text) == saved.source
    assert "buyer.cancellation_rate_90d" in page
    assert "order.status" in page


def test_promotion_is_refused_while_tests_fail_and_nothing_changes(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    saved = call(uow_factory, agent, "rules.create_draft", source=FAILING_TEST_SOURCE)

    response = client.post(f"/ops/rules/versions/{saved.id}/active", data={"csrf_token": token})

    assert response.status_code == 409
    assert "1 of 1 test cases of version 1 fail" in text_of(response.text)
    assert call(uow_factory, agent, "rules.get_version", version_id=saved.id).status == "draft"


def test_an_agent_runs_the_tests_promotes_to_shadow_then_active_then_rolls_back(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    first = call(uow_factory, agent, "rules.create_draft", source=SOURCE)
    call(uow_factory, agent, "rules.test", version_id=first.id)
    call(uow_factory, agent, "rules.promote", version_id=first.id, to="active")
    second = call(uow_factory, agent, "rules.create_draft", source=SECOND_VERSION)

    tested = client.post(f"/ops/rules/versions/{second.id}/test", data={"csrf_token": token})
    page = text_of(client.get(f"/ops/rules/versions/{second.id}").text)
    shadow = client.post(f"/ops/rules/versions/{second.id}/shadow", data={"csrf_token": token})
    active = client.post(f"/ops/rules/versions/{second.id}/active", data={"csrf_token": token})
    rolled = client.post(
        f"/ops/rules/sets/{second.rule_set_id}/rollback",
        data={"csrf_token": token, "version_id": str(second.id)},
    )

    assert [tested.status_code, shadow.status_code, active.status_code] == [303, 303, 303]
    assert "Tests: all 1 passed" in page
    assert "--- v1 +++ v2" in page
    assert "- - buyer.cancellation_rate_90d < 0.3 + - buyer.cancellation_rate_90d < 0.5" in page
    assert "~ approve-unshipped" in page
    assert 'class="diff-add"' in client.get(f"/ops/rules/versions/{second.id}").text
    assert rolled.status_code == 303
    assert rolled.headers["location"] == f"/ops/rules/versions/{first.id}"
    assert call(uow_factory, agent, "rules.get_version", version_id=first.id).status == "active"
    assert call(uow_factory, agent, "rules.get_version", version_id=second.id).status != "active"


def test_the_backtest_page_defaults_to_the_last_90_days_and_draws_the_report(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    first = call(uow_factory, agent, "rules.create_draft", source=SOURCE)
    second = call(uow_factory, agent, "rules.create_draft", source=SECOND_VERSION)

    form = client.get(f"/ops/rules/versions/{second.id}/backtest")
    report = client.get(
        f"/ops/rules/versions/{second.id}/backtest",
        params={"from_date": "2026-01-01", "to_date": "2026-03-31", "compare_version_id": first.id},
    )

    assert form.status_code == 200
    assert re.search(r'name="from_date" value="\d{4}-\d{2}-\d{2}"', form.text)
    assert "backtest-summary" not in form.text
    page = text_of(report.text)
    assert report.status_code == 200, page
    assert "2026-01-01 to 2026-03-31" in page
    assert "The two versions disagree on 0 requests." in page
    assert "Requests replayed 0" in page


def test_a_backtest_with_reversed_dates_names_the_problem(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    saved = call(uow_factory, agent, "rules.create_draft", source=SOURCE)

    response = client.get(
        f"/ops/rules/versions/{saved.id}/backtest",
        params={"from_date": "2026-03-31", "to_date": "2026-01-01"},
    )

    assert response.status_code == 422
    assert "give the earlier day as from_date" in text_of(response.text)
    assert 'value="2026-03-31"' in response.text


def test_the_bar_chart_scales_bars_to_the_largest_count() -> None:
    chart = bar_chart(
        "Decisions",
        [ActionCount(action="approve", count=30), ActionCount(action="reject", count=15)],
    )

    assert [(bar.label, bar.count, bar.width) for bar in chart.bars] == [
        ("approve", 30, 300.0),
        ("reject", 15, 150.0),
    ]
    assert [bar.y for bar in chart.bars] == [0, 28]


def test_an_empty_exception_queue_says_so(client: TestClient, token: str) -> None:
    response = client.get("/ops/exceptions")

    assert response.status_code == 200
    assert "No open exceptions." in text_of(response.text)


# --- the exception queue -------------------------------------------------------------------

ESCALATIONS = """\
name: big-orders
trigger: after_sale.requested
description: People look at big cancellations.
rules:
  - id: small-order
    description: Orders under 10 are approved.
    when: [order.value < 10]
    then: [approve]
  - id: big-order
    description: Orders over 40 go to a person.
    when: [request.type == "cancellation", order.value > 40]
    then:
      - escalate: {queue: big-orders, priority: 1}
  - id: big-return
    description: Returns of orders over 40 go to a person.
    when: [request.type == "return", order.value > 40]
    then:
      - escalate: {queue: big-returns, priority: 2}
default: [no_decision]
"""


def rules_evaluate(factory: UnitOfWorkFactory, request_id: int) -> None:
    """What the rules job does for the request's `after_sale.requested` event."""
    with factory() as uow:
        evaluate_trigger(uow, Trigger.REQUEST_CREATED, request_id, event_id=None)


def an_escalated_cancellation(factory: UnitOfWorkFactory) -> tuple[int, int]:
    """Bea asks to cancel a 54.99 order; the active rule sends it to a person. (request, item)"""
    make_rule_version(factory, ESCALATIONS)
    seller, buyer = make_seller(factory), make_buyer(factory)
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = call(
        factory, buyer.actor(), "buyer.after_sales.cancel", order_number=number, reason="other"
    ).id
    rules_evaluate(factory, request_id)
    with factory(read_only=True) as uow:
        item_id = uow.session.scalars(select(ExceptionItem.id)).one()
    return request_id, item_id


def an_escalated_return(factory: UnitOfWorkFactory) -> tuple[int, int]:
    """Bea returns a delivered 54.99 order as faulty; the active rule sends it to a person."""
    make_rule_version(factory, ESCALATIONS)
    seller, buyer = make_seller(factory), make_buyer(factory)
    number = make_order(
        factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    request_id = call(
        factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        reason="defective",
        kind="refund_only",
    ).id
    rules_evaluate(factory, request_id)
    with factory(read_only=True) as uow:
        item_id = uow.session.scalars(select(ExceptionItem.id)).one()
    return request_id, item_id


def test_the_queue_lists_the_escalated_request_and_filters_by_queue(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory
) -> None:
    request_id, item_id = an_escalated_cancellation(uow_factory)

    queue = text_of(client.get("/ops/exceptions").text)
    other_queue = text_of(client.get("/ops/exceptions", params={"queue": "carriers"}).text)

    assert f"Exception {item_id} Request {request_id}" in queue
    assert "big-orders" in queue
    assert "No open exceptions in carriers." in other_queue


def test_an_item_shows_the_request_facts_and_each_condition_of_the_trace(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory
) -> None:
    request_id, item_id = an_escalated_cancellation(uow_factory)

    response = client.get(f"/ops/exceptions/{item_id}")

    page = text_of(response.text)
    assert response.status_code == 200
    assert f"Exception {item_id}: request {request_id}" in page
    assert "Rule trace: big-orders v1" in page
    assert "small-order did not match ✗ not held order.value < 10" in page
    assert 'big-order matched ✓ held request.type == "cancellation"' in page
    assert "order.value 54.99" in page
    assert 'id="decide"' in response.text


def test_a_rejection_without_a_note_is_refused_keeping_the_input_and_the_item_open(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    _, item_id = an_escalated_cancellation(uow_factory)

    response = client.post(
        f"/ops/exceptions/{item_id}/decide",
        data={"action": "reject", "reason": "custom_made", "note": "", "csrf_token": token},
    )

    assert response.status_code == 422
    assert 'id="action-reject" name="action" value="reject" checked' in response.text
    assert '<option value="custom_made" selected>' in response.text
    assert call(uow_factory, agent, "exceptions.get", item_id=item_id).status == "open"


def test_an_agent_approves_an_item_and_it_leaves_the_queue(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    request_id, item_id = an_escalated_cancellation(uow_factory)

    response = client.post(
        f"/ops/exceptions/{item_id}/decide", data={"action": "approve", "csrf_token": token}
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/ops/exceptions"
    decided = call(uow_factory, agent, "exceptions.get", item_id=item_id)
    assert (decided.status, decided.label) == ("decided", "approve")
    assert (decided.request.id, decided.request.status) == (request_id, "cancelled")
    assert "No open exceptions." in text_of(client.get("/ops/exceptions").text)


def test_simulating_a_version_on_a_request_shows_the_trace_and_applies_nothing(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    request_id, _ = an_escalated_cancellation(uow_factory)
    saved = call(uow_factory, agent, "rules.create_draft", source=SOURCE)

    response = client.post(
        f"/ops/rules/versions/{saved.id}/simulate",
        data={"request_id": str(request_id), "csrf_token": token},
    )

    page = text_of(response.text)
    assert response.status_code == 200
    assert "Approve by approve-unshipped." in page
    assert '✓ held request.type == "cancellation"' in page
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(ExceptionItem.status)).one() == "open"


def test_an_agent_offers_a_partial_refund_typed_in_major_units(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    request_id, item_id = an_escalated_return(uow_factory)
    page = client.get(f"/ops/exceptions/{item_id}").text

    response = client.post(
        f"/ops/exceptions/{item_id}/decide",
        data={"action": "refund", "amount": "20.00", "currency": "USD", "csrf_token": token},
    )

    assert "Partial refund amount in USD" in text_of(page)
    assert response.status_code == 303, text_of(response.text)
    decided = call(uow_factory, agent, "exceptions.get", item_id=item_id)
    assert (decided.status, decided.label) == ("decided", "refund")
    assert (decided.request.id, decided.request.offered_minor) == (request_id, 2000)


@pytest.mark.parametrize(
    ("typed", "currency", "sent"),
    [
        ("20", "USD", "2000"),
        ("12.5", "USD", "1250"),
        ("1,200", "JPY", "1200"),
        ("12.345", "USD", "12.345"),
        ("twelve", "USD", "twelve"),
    ],
)
def test_an_amount_typed_in_major_units_is_sent_in_minor_units(
    typed: str, currency: str, sent: str
) -> None:
    assert to_minor(typed, currency) == sent


def test_the_version_page_lists_its_evaluations_with_their_outcome(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory
) -> None:
    request_id, _ = an_escalated_cancellation(uow_factory)
    with uow_factory(read_only=True) as uow:
        version_id = uow.session.scalars(select(RuleEvaluation.version_id)).one()

    page = text_of(client.get(f"/ops/rules/versions/{version_id}").text)

    assert f"#{request_id} active big-order Escalate Escalated" in page


def test_a_draft_typed_in_a_browser_is_stored_with_plain_newlines(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    typed = SOURCE.replace("\n", "\r\n")

    client.post("/ops/rules/editor", data={"source": typed, "intent": "save", "csrf_token": token})

    [rule_set] = rule_sets(uow_factory, agent)
    saved = call(uow_factory, agent, "rules.get_version", version_id=rule_set.versions[0].id)
    assert "\r" not in saved.source
    assert saved.source == SOURCE.rstrip("\n")


def test_retiring_a_draft_leaves_no_promotion_buttons(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    saved = call(uow_factory, agent, "rules.create_draft", source=SOURCE)

    response = client.post(f"/ops/rules/versions/{saved.id}/retire", data={"csrf_token": token})

    assert response.status_code == 303
    assert call(uow_factory, agent, "rules.get_version", version_id=saved.id).status == "retired"
    page = text_of(client.get(f"/ops/rules/versions/{saved.id}").text)
    assert "cancellations v1 Retired" in page
    assert "Promote to shadow" not in page
    assert "Promote to active" not in page


def test_simulating_on_a_request_number_that_is_not_one_names_the_field_and_keeps_it(
    client: TestClient, token: str, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    saved = call(uow_factory, agent, "rules.create_draft", source=SOURCE)

    response = client.post(
        f"/ops/rules/versions/{saved.id}/simulate",
        data={"request_id": "forty-two", "csrf_token": token},
    )

    assert response.status_code == 422
    assert 'name="request_id" inputmode="numeric" value="forty-two" aria-invalid="true"' in (
        response.text
    )
    assert (
        '<p class="field-error" id="simulate-request_id-error">Input should be a valid integer'
        in response.text
    )
