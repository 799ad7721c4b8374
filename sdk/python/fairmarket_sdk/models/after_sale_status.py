from enum import StrEnum


class AfterSaleStatus(StrEnum):
    AWAITING_RETURN_SHIPMENT = "awaiting_return_shipment"
    CANCELLED = "cancelled"
    CLOSED = "closed"
    CONVERTED_TO_RETURN = "converted_to_return"
    INTERCEPTING = "intercepting"
    IN_DISPUTE = "in_dispute"
    PARTIAL_OFFERED = "partial_offered"
    PENDING = "pending"
    REFUNDED = "refunded"
    REJECTED = "rejected"
    REPLACED = "replaced"
    RETURN_DELIVERED = "return_delivered"
    RETURN_IN_TRANSIT = "return_in_transit"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
