from enum import StrEnum


class SellerCancelReason(StrEnum):
    CANNOT_SHIP_TO_ADDRESS = "cannot_ship_to_address"
    OUT_OF_STOCK = "out_of_stock"
    PRICING_ERROR = "pricing_error"

    def __str__(self) -> str:
        return str(self.value)
