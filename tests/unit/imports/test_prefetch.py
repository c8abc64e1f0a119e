"""The reader thread that keeps a chunk ahead of the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lamplighter.services.imports.prefetch import prefetched


def test_yields_every_item_in_order() -> None:
    assert list(prefetched(iter(range(100)), depth=2)) == list(range(100))


def test_the_readers_error_reaches_the_consumer_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise ValueError("row 3, column Quantity: expected a whole number")

    seen: list[int] = []
    with pytest.raises(ValueError, match="row 3"):
        for item in prefetched(items()):
            seen.append(item)
    assert seen == [1]


def test_stopping_early_ends_the_reader() -> None:
    produced: list[int] = []

    def items() -> Iterator[int]:
        for i in range(1000):
            produced.append(i)
            yield i

    for item in prefetched(items(), depth=1):
        if item == 2:
            break
    assert len(produced) < 10
