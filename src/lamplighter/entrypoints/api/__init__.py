"""The REST API (FastAPI): routers per area, API keys with roles, problem-details errors.

``create_app`` is imported on first use, so that the CLI can read the roles table
(``api.roles``) without loading FastAPI and every router.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lamplighter.entrypoints.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from lamplighter.entrypoints.api.app import create_app

        return create_app
    raise AttributeError(name)
