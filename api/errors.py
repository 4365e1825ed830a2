"""Errors raised below the routes (services shared with the CLI) that the app maps to HTTP statuses."""

from __future__ import annotations


class NotFound(LookupError):
    """No entity, document or path for the given id(s): HTTP 404."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
