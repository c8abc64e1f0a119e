"""The app's routes and the scope each declares, read from the dependency tree (for tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from lamplighter.entrypoints.api.roles import Scope

#: Routes FastAPI adds itself (schema and docs) and the static files mount: public by design.
FRAMEWORK_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/static"})
NO_SCOPE = object()


@dataclass(frozen=True)
class RouteScope:
    method: str
    path: str
    scope: Scope | None  # None: declared public

    def concrete_path(self) -> str:
        """The path with a harmless value in each parameter."""
        return re.sub(r"\{[^}]+\}", "x:1", self.path) if "{ref}" in self.path else re.sub(r"\{[^}]+\}", "1", self.path)


def declared_scope(dependant: Dependant) -> Any:
    """The scope a route's dependencies declare (None for public), or NO_SCOPE."""
    for dep in dependant.dependencies:
        if dep.call is not None and hasattr(dep.call, "required_scope"):
            return dep.call.required_scope
        found = declared_scope(dep)
        if found is not NO_SCOPE:
            return found
    return NO_SCOPE


def route_scopes(app: FastAPI) -> tuple[list[RouteScope], list[str]]:
    """Every (method, path) with its scope, and the routes that declare none."""
    table: list[RouteScope] = []
    undeclared: list[str] = []
    # FastAPI keeps included routers lazily; iter_route_contexts flattens them with their prefixes.
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        dependant = getattr(route, "dependant", None)
        if not isinstance(route.original_route, APIRoute) or dependant is None:
            if path not in FRAMEWORK_PATHS:
                undeclared.append(f"{type(route.original_route).__name__} {path}")
            continue
        scope = declared_scope(dependant)
        for method in sorted(route.methods or ()):
            if scope is NO_SCOPE:
                undeclared.append(f"{method} {path}")
            else:
                table.append(RouteScope(method, path, scope))
    return table, undeclared
