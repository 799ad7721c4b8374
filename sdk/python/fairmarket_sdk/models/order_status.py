from enum import StrEnum


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_SHIPMENT = "awaiting_shipment"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    DELIVERED = "delivered"
    IN_TRANSIT = "in_transit"

    def __str__(self) -> str:
        return str(self.value)
