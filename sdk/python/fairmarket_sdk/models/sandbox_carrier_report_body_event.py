from enum import StrEnum


class SandboxCarrierReportBodyEvent(StrEnum):
    INTERCEPTION_FAILED = "interception_failed"
    PARCEL_RETURNED = "parcel_returned"
    RETURN_DELIVERED = "return_delivered"

    def __str__(self) -> str:
        return str(self.value)
