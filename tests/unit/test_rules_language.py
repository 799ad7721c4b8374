"""The rule-set language: what parses, what is refused (with line, rule and fact), how the
compiled rules decide, and that conditions cannot run code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairmarket.domains.rules.compiler import compile_rule_set, compiled_for_source
from fairmarket.domains.rules.definitions import RuleSetInvalid
from fairmarket.domains.rules.expressions import ConditionError, check_condition
from fairmarket.domains.rules.facts import FACTS, record_from_mapping
from fairmarket.domains.rules.language import check_rule_set, parse_rule_set
from fairmarket.domains.rules.schemas import ActionKind, Trigger
from fairmarket.domains.rules.testing import run_tests
from fairmarket.domains.rules.words import describe_trace, summary
from tests.support.rule_sets import CANCELLATIONS


def problems_of(source: str) -> list[tuple[int | None, str | None, str, str | None]]:
    definition, problems = check_rule_set(source)
    assert definition is None
    return [(p.line, p.rule_id, p.code, p.fact) for p in problems]


def test_a_valid_rule_set_parses_with_its_rules_default_and_tests() -> None:
    definition = parse_rule_set(CANCELLATIONS)

    assert definition.name == "cancellations"
    assert definition.trigger is Trigger.REQUEST_CREATED
    assert [r.id for r in definition.rules] == [
        "approve-unshipped",
        "small-return-refund",
        "serial-canceller",
    ]
    assert definition.rules[0].line == 5
    assert definition.rules[0].decision.kind is ActionKind.APPROVE
    assert [a.kind for a in definition.rules[0].actions] == [ActionKind.APPROVE, ActionKind.TAG]
    assert definition.rules[1].actions[0].percent == 100
    assert definition.rules[2].actions[0].queue == "serial-cancellers"
    assert definition.default[0].kind is ActionKind.NO_DECISION
    assert len(definition.tests) == 3


def test_its_own_test_cases_pass() -> None:
    report = run_tests(compiled_for_source(CANCELLATIONS))

    assert (report.passed, report.total, report.failures) == (True, 3, 0)


def test_a_failing_test_case_says_what_was_expected_and_what_happened() -> None:
    source = CANCELLATIONS.replace(
        "expect: {rule: serial-canceller, action: escalate}",
        "expect: {rule: serial-canceller, action: reject}",
    )

    report = run_tests(compiled_for_source(source))

    assert report.failures == 1
    failed = next(r for r in report.results if not r.passed)
    assert failed.message == "expected serial-canceller -> reject, got serial-canceller -> escalate"


def test_an_unknown_fact_is_named_with_its_line_rule_and_a_suggestion() -> None:
    source = CANCELLATIONS.replace("buyer.cancellation_rate_90d < 0.3", "buyer.cancel_rate < 0.3")

    definition, problems = check_rule_set(source)

    assert definition is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].rule_id, problems[0].code, problems[0].fact) == (
        10,
        "approve-unshipped",
        "unknown_fact",
        "buyer.cancel_rate",
    )
    assert "Did you mean buyer.cancellation_rate_90d?" in problems[0].message


def test_wrong_types_and_unknown_values_are_refused_each_on_its_line() -> None:
    source = CANCELLATIONS.replace("0 < order.value <= 200", 'order.value <= "lots"').replace(
        'request.type == "return"', 'request.type == "retrun"'
    )

    assert problems_of(source) == [
        (11, "approve-unshipped", "wrong_type", None),
        (17, "small-return-refund", "unknown_value", "request.type"),
    ]


@pytest.mark.parametrize(
    "condition",
    [
        "__import__('os').system('true')",
        "order.value.__class__ == 1",
        "open('/etc/passwd')",
        "[x for x in order.lines]",
        "lambda: 1",
        "order.value if true else 0",
        "order.value is 1",
    ],
)
def test_conditions_that_would_run_code_are_refused(condition: str) -> None:
    with pytest.raises(ConditionError) as raised:
        check_condition(condition)

    assert raised.value.code in {"not_allowed", "unknown_fact"}


def test_structure_problems_name_the_key_and_line() -> None:
    source = CANCELLATIONS.replace("default: [no_decision]\n", "").replace(
        "      - approve\n", "      - approve\n      - reject: {reason: custom_made, note: short}\n"
    )

    found = problems_of(source)

    assert (14, "approve-unshipped", "bad_action", None) in found
    assert any(code == "missing_default" for _, _, code, _ in found)


def test_yaml_syntax_errors_carry_the_line() -> None:
    found = problems_of("name: x\ntrigger: after_sale.requested\nrules: [\n")

    assert found[0][2] == "yaml_error"
    assert found[0][0] == 4


def test_first_match_wins_and_the_default_applies_when_nothing_matches() -> None:
    compiled = compiled_for_source(CANCELLATIONS)
    both = record_from_mapping(
        {"request.type": "cancellation", "order.status": "awaiting_shipment", "order.value": 50.0}
    )
    neither = record_from_mapping({"request.type": "return", "request.amount": 80.0})

    assert compiled.decide(both) == 0
    assert compiled.decide(neither) == -1


def test_trace_records_every_condition_of_each_rule_up_to_the_match() -> None:
    compiled = compiled_for_source(CANCELLATIONS)
    record = record_from_mapping(
        {
            "request.type": "cancellation",
            "order.status": "awaiting_shipment",
            "order.value": 50.0,
            "buyer.cancellation_rate_90d": 0.7,
        }
    )

    index, outcomes = compiled.trace(record)

    assert index == 2
    assert outcomes == ((True, True, False, True), (False, True), (True, True))


def test_words_hide_buyer_values_from_sellers_but_not_from_agents() -> None:
    compiled = compiled_for_source(CANCELLATIONS)
    record = record_from_mapping(
        {
            "request.type": "cancellation",
            "order.status": "awaiting_payment",
            "order.value": 20.0,
            "buyer.cancellation_rate_90d": 0.12,
        }
    )
    index, outcomes = compiled.trace(record)

    seller = describe_trace(compiled, index, outcomes, record, for_seller=True)
    agent = describe_trace(compiled, index, outcomes, record, for_seller=False)

    assert seller[0].conditions[2].words == (
        "the buyer's cancellation requests ÷ their orders over the last 90 days is below 0.3"
    )
    assert agent[0].conditions[2].words.endswith("(12%) is below 0.3")
    text = summary(compiled, index, record, for_seller=True, version_number=4)
    assert text.startswith(
        "Rule 'approve-unshipped' of rule set 'cancellations' (version 4) approved"
    )


def test_division_by_zero_gives_zero_instead_of_failing_the_decision() -> None:
    source = CANCELLATIONS.replace("request.amount < 15", "request.amount / order.items < 15")
    compiled = compile_rule_set(parse_rule_set(source))

    record = record_from_mapping({"request.type": "return", "request.amount": 40.0})

    assert compiled.decide(record) == 1


def test_invalid_text_raises_with_every_problem() -> None:
    with pytest.raises(RuleSetInvalid) as raised:
        parse_rule_set("name: Bad Name\ntrigger: nope\nrules: []\ndefault: [no_decision]\n")

    assert {p.code for p in raised.value.problems} == {"bad_name", "unknown_trigger"}


values = st.fixed_dictionaries(
    {
        "request.type": st.sampled_from(["cancellation", "return", "fulfilment_cancellation"]),
        "order.status": st.sampled_from(["awaiting_payment", "awaiting_shipment", "delivered"]),
        "buyer.cancellation_rate_90d": st.floats(0, 1),
        "order.value": st.floats(-10, 500),
        "request.amount": st.floats(0, 100),
    }
)


@given(values)
def test_compiled_decisions_match_the_rules_read_by_hand(facts: dict[str, object]) -> None:
    compiled = compiled_for_source(CANCELLATIONS)
    record = record_from_mapping(facts)

    def by_hand() -> int:
        rate, value = facts["buyer.cancellation_rate_90d"], facts["order.value"]
        assert isinstance(rate, float)
        assert isinstance(value, float)
        amount = facts["request.amount"]
        assert isinstance(amount, float)
        if (
            facts["request.type"] == "cancellation"
            and facts["order.status"] in ("awaiting_payment", "awaiting_shipment")
            and rate < 0.3
            and 0 < value <= 200
        ):
            return 0
        if facts["request.type"] == "return" and amount < 15:
            return 1
        if facts["request.type"] == "cancellation" and rate >= 0.6:
            return 2
        return -1

    assert compiled.decide(record) == by_hand()
    assert compiled.trace(record)[0] == by_hand()
    assert len(record) == len(FACTS)
