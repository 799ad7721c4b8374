from enum import StrEnum


class RequestKind(StrEnum):
    CANCEL = "cancel"
    REFUND_ONLY = "refund_only"
    REPLACEMENT = "replacement"
    RETURN_AND_REFUND = "return_and_refund"

    def __str__(self) -> str:
        return str(self.value)
