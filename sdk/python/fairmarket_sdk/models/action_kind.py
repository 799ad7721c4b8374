from enum import StrEnum


class ActionKind(StrEnum):
    APPROVE = "approve"
    ESCALATE = "escalate"
    NOTIFY_SELLER = "notify_seller"
    NO_DECISION = "no_decision"
    REFUND = "refund"
    REJECT = "reject"
    REQUEST_EVIDENCE = "request_evidence"
    TAG = "tag"

    def __str__(self) -> str:
        return str(self.value)
