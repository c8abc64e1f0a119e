"""The application factory: API under ``/api/v1``, dashboard at ``/``, one error handler."""

from __future__ import annotations

import gc
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware

from lamplighter import __version__
from lamplighter.adapters.db.engine import make_engine
from lamplighter.entrypoints.api.limits import BodySizeLimit, SecurityHeaders
from lamplighter.entrypoints.api.problems import install_problem_handler, problem_media_type_in_schema
from lamplighter.entrypoints.api.routes import (
    catalog,
    imports,
    keys,
    layout,
    orders,
    outlook,
    picking,
    plans,
    stock,
    storage,
    system,
)
from lamplighter.entrypoints.api.settings import ApiSettings
from lamplighter.services import api_keys

API_PREFIX = "/api/v1"
SESSION_COOKIE = "lamplighter_session"


def create_app(settings: ApiSettings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app for ``settings`` (read from the environment when None).

    ``engine`` lets tests share an engine with their fixtures; otherwise one is made from
    ``settings.database_url``. The database must already be migrated.
    """
    settings = settings or ApiSettings()
    app = FastAPI(
        lifespan=_lifespan(settings.threads),
        title="Lamplighter",
        version=__version__,
        description="Warehouse management and inventory planning for lighting sellers. "
        "Send an API key in the X-API-Key header; errors are RFC 9457 problem details.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url, pool_size=settings.threads)
    app.state.key_cache = api_keys.KeyCache(settings.key_cache_s)
    install_problem_handler(app)
    # Starlette matches routes one by one in this order: the busiest (orders, picking) come first.
    routers = (orders, picking, stock, storage, system, catalog, layout, plans, outlook, imports, keys)
    for module in routers:
        app.include_router(module.router, prefix=API_PREFIX)
    _mount_dashboard(app)
    _document_problems(app)
    secret = settings.session_secret.get_secret_value() if settings.session_secret else secrets.token_urlsafe(32)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_s,
        same_site="strict",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(BodySizeLimit, default_bytes=settings.max_body_bytes, import_bytes=settings.max_import_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _lifespan(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Size the thread pool that sync routes and dependencies run in, and freeze the start-up heap.

    More threads than the pool has connections would make requests open and close
    connections of their own; more transactions at once than a few per core only queue
    on the same row locks while holding the GIL away from the one that holds the lock.

    ``gc.freeze()`` takes the ~185,000 objects that exist once the app is built (modules,
    routes, schemas) out of the collector's sight: a full collection scanned them all every
    ~6 s under load, 130-300 ms with the worker's every request waiting (benchmarks/api_load).
    They are handed back to the collector at shutdown, so tests that build many apps leak nothing.
    """

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        gc.freeze()  # cheap: it moves lists; whatever is garbage among them waits for shutdown
        try:
            yield
        finally:
            gc.unfreeze()

    return lifespan


def _document_problems(app: FastAPI) -> None:
    build_schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_media_type_in_schema(build_schema())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mount_dashboard(app: FastAPI) -> None:
    from lamplighter.entrypoints.web.pages import mount_dashboard

    mount_dashboard(app)
