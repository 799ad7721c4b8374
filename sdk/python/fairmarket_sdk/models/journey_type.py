from enum import StrEnum


class JourneyType(StrEnum):
    CANCELLATION = "cancellation"
    FULFILMENT_CANCELLATION = "fulfilment_cancellation"
    RETURN = "return"

    def __str__(self) -> str:
        return str(self.value)
