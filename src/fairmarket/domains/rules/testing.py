"""Running a rule set's own test cases (given facts -> expected rule and action)."""

from __future__ import annotations

from fairmarket.domains.rules.compiler import CompiledRuleSet
from fairmarket.domains.rules.definitions import decision_of
from fairmarket.domains.rules.facts import record_from_mapping
from fairmarket.domains.rules.schemas import TestCaseResult, TestReport


def run_tests(compiled: CompiledRuleSet) -> TestReport:
    definition = compiled.definition
    results = []
    for case in definition.tests:
        index = compiled.decide(record_from_mapping(case.facts))
        rule = definition.rule_id_for(index)
        action = decision_of(definition.actions_for(index)).kind
        passed = rule == case.expected_rule and action == case.expected_action
        expected = f"{case.expected_rule or 'default'} -> {case.expected_action.value}"
        actual = f"{rule or 'default'} -> {action.value}"
        results.append(
            TestCaseResult(
                name=case.name,
                line=case.line,
                passed=passed,
                expected_rule=case.expected_rule,
                expected_action=case.expected_action.value,
                actual_rule=rule,
                actual_action=action.value,
                message="passed" if passed else f"expected {expected}, got {actual}",
            )
        )
    failures = sum(not r.passed for r in results)
    return TestReport(passed=failures == 0, total=len(results), failures=failures, results=results)
