"""API keys as an admin sees them (created and revoked from the CLI; secrets never shown)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel

from lamplighter.entrypoints.api.pagination import Page, PageDep, paginate
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import AdminDep, uow_of
from lamplighter.services import api_keys

router = APIRouter(prefix="/keys", tags=["keys"], responses=PROBLEM_RESPONSES)


class KeyOut(BaseModel):
    id: int
    prefix: str
    role: str
    label: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@router.get("")
def list_keys(request: Request, _admin: AdminDep, page: PageDep, active: bool | None = None) -> Page[KeyOut]:
    """Every API key (prefix, role, label, dates); ``active`` filters on revocation."""
    keys = api_keys.list_keys(uow_of(request))
    if active is not None:
        keys = [k for k in keys if k.active == active]
    rows = [
        KeyOut(
            id=k.id,
            prefix=k.prefix,
            role=k.role.value,
            label=k.label,
            created_at=k.created_at,
            revoked_at=k.revoked_at,
            last_used_at=k.last_used_at,
        )
        for k in keys
    ]
    return paginate(rows, page)
