from enum import StrEnum


class ExceptionsDecideBodyAction(StrEnum):
    APPROVE = "approve"
    NO_DECISION = "no_decision"
    REFUND = "refund"
    REJECT = "reject"
    REQUEST_EVIDENCE = "request_evidence"

    def __str__(self) -> str:
        return str(self.value)
