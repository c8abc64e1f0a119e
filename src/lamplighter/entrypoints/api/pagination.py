"""Pagination and filtering of list endpoints: ``?limit=&offset=`` in, a page envelope out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int

    def slice(self, items: Sequence[T]) -> list[T]:
        """This page of an already filtered sequence."""
        return list(items[self.offset : self.offset + self.limit])


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit, offset)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    """One page of a list; ``total`` counts every item that matched the filters."""

    items: list[T]
    total: int
    limit: int
    offset: int


def paginate(items: Sequence[T], params: PageParams) -> Page[T]:
    """Wrap a filtered sequence as the requested page."""
    return Page[T](items=params.slice(items), total=len(items), limit=params.limit, offset=params.offset)


def matches(value: str | None, wanted: str | None) -> bool:
    """Case-insensitive substring filter; no filter (None or blank) matches everything."""
    if not wanted:
        return True
    return value is not None and wanted.casefold() in value.casefold()


def page_of(items: list[T], total: int, params: PageParams) -> Page[T]:
    """Wrap items already cut to the page (when building each item is the costly part)."""
    return Page[T](items=items, total=total, limit=params.limit, offset=params.offset)
