from enum import StrEnum


class DeliveryFailure(StrEnum):
    ADDRESS_NOT_ALLOWED = "address_not_allowed"
    CONNECTION_FAILED = "connection_failed"
    DNS_FAILURE = "dns_failure"
    ENDPOINT_DISABLED = "endpoint_disabled"
    HTTP_STATUS = "http_status"
    PROTOCOL_ERROR = "protocol_error"
    TIMEOUT = "timeout"
    TLS_ERROR = "tls_error"

    def __str__(self) -> str:
        return str(self.value)
