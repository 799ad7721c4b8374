from enum import StrEnum


class VersionStatus(StrEnum):
    ACTIVE = "active"
    DRAFT = "draft"
    RETIRED = "retired"
    SHADOW = "shadow"

    def __str__(self) -> str:
        return str(self.value)
