"""SKUs (read) with filtering and pagination."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel

from lamplighter.domain.errors import UnknownSku
from lamplighter.domain.sku import Sku
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.pagination import Page, PageDep, matches, paginate
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import ReadDep
from lamplighter.services import catalog

router = APIRouter(prefix="/skus", tags=["catalog"], responses=PROBLEM_RESPONSES)


class SkuOut(BaseModel):
    code: str
    name: str
    category: str
    length_cm: float
    width_cm: float
    height_cm: float
    weight_kg: float
    volume_l: float
    fragile: bool
    battery: str
    bulky: bool
    may_fly: bool
    unit_cost: float
    unit_price: float
    supplier: str | None
    case_pack: int
    moq: int
    seasonal_tags: list[str]

    @classmethod
    def of(cls, sku: Sku) -> SkuOut:
        return cls(
            code=sku.code,
            name=sku.name,
            category=sku.category,
            length_cm=sku.length_cm,
            width_cm=sku.width_cm,
            height_cm=sku.height_cm,
            weight_kg=sku.weight_kg,
            volume_l=round(sku.volume_l, 3),
            fragile=sku.fragile,
            battery=sku.battery.value,
            bulky=sku.bulky,
            may_fly=sku.may_fly,
            unit_cost=sku.unit_cost,
            unit_price=sku.unit_price,
            supplier=sku.supplier,
            case_pack=sku.case_pack,
            moq=sku.moq,
            seasonal_tags=list(sku.seasonal_tags),
        )


@router.get("")
def list_skus(
    uow: UowDep,
    _viewer: ReadDep,
    page: PageDep,
    q: str | None = Query(None, max_length=100, description="Part of the code or name."),
    category: str | None = Query(None, max_length=64),
) -> Page[SkuOut]:
    """SKUs by code; ``q`` matches code or name, ``category`` exactly."""
    found = [
        SkuOut.of(s)
        for s in catalog.list_skus(uow)
        if (matches(s.code, q) or matches(s.name, q)) and (category is None or s.category == category)
    ]
    return paginate(found, page)


@router.get("/{code}")
def get_sku(code: str, uow: UowDep, _viewer: ReadDep) -> SkuOut:
    """One SKU by its seller code."""
    for sku in catalog.list_skus(uow):
        if sku.code == code:
            return SkuOut.of(sku)
    raise UnknownSku(code)
