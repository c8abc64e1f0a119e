"""Read the next chunk of a file while the database writes this one (a two-stage pipeline).

Parsing (pandas' C reader, decompression) and SQLite's inserts both release the GIL for
much of their work, so a reader thread one or two chunks ahead overlaps them. The queue
is bounded, so memory stays at ``depth`` chunks; the reader's errors reach the caller.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetched(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Yield ``items`` as a thread produces them up to ``depth`` ahead; re-raise its error here."""
    slots: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                slots.put(item)
            slots.put(_DONE)
        except BaseException as error:  # handed to the consumer, raised there
            slots.put(error)

    reader = threading.Thread(target=produce, name="import-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on a full queue, then let it end
            with contextlib.suppress(queue.Empty):
                slots.get(timeout=0.05)
        reader.join()
