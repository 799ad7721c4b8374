from enum import StrEnum


class EvaluationOutcome(StrEnum):
    APPLIED = "applied"
    ESCALATED = "escalated"
    NOT_APPLICABLE = "not_applicable"
    NO_DECISION = "no_decision"
    OVERRIDDEN = "overridden"
    SHADOWED = "shadowed"

    def __str__(self) -> str:
        return str(self.value)
