"""Typed dependency aliases shared by the routers (settings, engine)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from lamplighter.entrypoints.api.security import engine_of, uow_of
from lamplighter.entrypoints.api.settings import ApiSettings
from lamplighter.services.unit_of_work import UnitOfWork


def settings_of(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[ApiSettings, Depends(settings_of)]
EngineDep = Annotated[Engine, Depends(engine_of)]


async def unit_of_work_dependency(request: Request) -> UnitOfWork:
    # async: a cheap dependency need not hop to the thread pool (sync ones each do).
    return uow_of(request)


UowDep = Annotated[UnitOfWork, Depends(unit_of_work_dependency)]
