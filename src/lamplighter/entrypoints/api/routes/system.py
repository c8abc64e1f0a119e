"""Health and who-am-I: what a client checks first."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from lamplighter import __version__
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.roles import ROLE_SCOPES
from lamplighter.entrypoints.api.security import ReadDep, public

router = APIRouter(tags=["system"], responses=PROBLEM_RESPONSES)


class Health(BaseModel):
    status: str
    version: str


class Caller(BaseModel):
    key_prefix: str
    role: str
    scopes: list[str]


@router.get("/health", dependencies=[Depends(public)])
def health() -> Health:
    """The server answers (no key needed)."""
    return Health(status="ok", version=__version__)


@router.get("/me")
def me(principal: ReadDep) -> Caller:
    """The calling key's prefix, role and scopes."""
    return Caller(
        key_prefix=principal.prefix,
        role=principal.role.value,
        scopes=sorted(s.value for s in ROLE_SCOPES[principal.role]),
    )
