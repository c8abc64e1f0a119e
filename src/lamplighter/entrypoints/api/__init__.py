"""The REST API (FastAPI): routers per area, API keys with roles, problem-details errors."""

from lamplighter.entrypoints.api.app import create_app

__all__ = ["create_app"]
