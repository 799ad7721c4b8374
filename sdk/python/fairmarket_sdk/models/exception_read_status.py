from enum import StrEnum


class ExceptionReadStatus(StrEnum):
    DECIDED = "decided"
    OPEN = "open"
    RESOLVED_ELSEWHERE = "resolved_elsewhere"

    def __str__(self) -> str:
        return str(self.value)
