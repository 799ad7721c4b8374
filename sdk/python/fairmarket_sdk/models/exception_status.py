from enum import StrEnum


class ExceptionStatus(StrEnum):
    DECIDED = "decided"
    OPEN = "open"
    RESOLVED_ELSEWHERE = "resolved_elsewhere"

    def __str__(self) -> str:
        return str(self.value)
