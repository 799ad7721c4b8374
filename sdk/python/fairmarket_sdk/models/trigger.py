from enum import StrEnum


class Trigger(StrEnum):
    AFTER_SALE_DEADLINE_APPROACHING = "after_sale.deadline_approaching"
    AFTER_SALE_REQUESTED = "after_sale.requested"
    SHIPMENT_EXCEPTION = "shipment.exception"

    def __str__(self) -> str:
        return str(self.value)
