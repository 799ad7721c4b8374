from enum import StrEnum


class EvaluationMode(StrEnum):
    ACTIVE = "active"
    SHADOW = "shadow"

    def __str__(self) -> str:
        return str(self.value)
