"""The one error type of the node: becomes `{"error": {"code", "message", "field"?}}`."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        extra: dict | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        error.update(self.extra)
        return {"error": error}


def not_found(connection_id: str) -> ApiError:
    return ApiError(
        404,
        "connection_not_found",
        f"There is no connection with id '{connection_id}' on this node; it may have been deleted.",
    )
