"""States and transitions of the exact aisle-by-aisle routing programme.

This is the state space of Ratliff & Rosenthal (1983), generalised the way Roodbergen &
de Koster (2001) extend it to a middle cross aisle, written for any number ``k`` of cross
aisles. No library solves this: OR-Tools and the TSP solvers see a distance matrix and
lose the aisle structure that makes the problem polynomial, so it is written here.

The tour is built as a multigraph (every edge used 0, 1 or 2 times) sweeping the aisle
columns left to right. At a column, the ``k`` intersections of the aisle with the cross
aisles are the *nodes*. A state says, for every node, the parity class of its degree so
far (0 = unused, 1 = odd, 2 = even and > 0) and which nodes already belong to the same
connected piece of the partial tour (canonical labels, 0 for unused nodes). Between two
columns the same encoding describes the horizontal edges crossing the cut (0, 1 or 2
copies on each cross aisle) and the pieces they hang from, so one state space serves both.

A sub-aisle (between nodes ``s`` and ``s + 1`` of a column) is walked in one of six ways
(below); in an optimal tour every edge is used at most twice, so nothing else is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import product

import numpy as np
import numpy.typing as npt

NONE, TRAVERSE, TRAVERSE_TWICE, FROM_LOW, FROM_HIGH, GAP = range(6)
"""Sub-aisle options: not entered; walked through once; walked through twice; entered from
the low (front-side) node and left the same way; from the high node likewise; entered from
both ends leaving the largest gap between two picks unwalked."""
OPTIONS = 6

State = tuple[tuple[int, ...], tuple[int, ...]]  # (degree classes, component labels)
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


def _canonical(classes: list[int], labels: list[int]) -> State:
    seen: dict[int, int] = {}
    out: list[int] = []
    for cls, label in zip(classes, labels, strict=True):
        if cls == 0:
            out.append(0)
            continue
        out.append(seen.setdefault(label, len(seen) + 1))
    return tuple(classes), tuple(out)


def _touch(classes: list[int], labels: list[int], node: int, add: int) -> None:
    """Add ``add`` (1 or 2) edge ends to ``node``; an unused node starts its own piece."""
    if classes[node] == 0:
        labels[node] = max(labels, default=0) + 1
        classes[node] = 1 if add == 1 else 2
    elif add == 1:
        classes[node] = 2 if classes[node] == 1 else 1


def _merge(labels: list[int], a: int, b: int) -> None:
    old, new = labels[b], labels[a]
    for i, label in enumerate(labels):
        if label == old:
            labels[i] = new


def apply_option(state: State, low: int, option: int) -> State:
    """The state after walking the sub-aisle between nodes ``low`` and ``low + 1`` as ``option``."""
    classes, labels = list(state[0]), list(state[1])
    high = low + 1
    if option in (TRAVERSE, TRAVERSE_TWICE):
        add = 1 if option == TRAVERSE else 2
        _touch(classes, labels, low, add)
        _touch(classes, labels, high, add)
        _merge(labels, low, high)
    if option in (FROM_LOW, GAP):
        _touch(classes, labels, low, 2)
    if option in (FROM_HIGH, GAP):
        _touch(classes, labels, high, 2)
    return _canonical(classes, labels)


def exits(state: State) -> list[tuple[tuple[int, ...], State]]:
    """Every choice of horizontal edge copies to the next column and the cut state it leaves.

    A piece with no edge to the right would be closed for good; that is only allowed when
    the tour ends here, which :func:`is_finished` checks instead, so such choices are dropped.
    """
    classes, labels = state
    per_node = [(1,) if c == 1 else (0, 2) for c in classes]
    result: list[tuple[tuple[int, ...], State]] = []
    for copies in product(*per_node):
        continuing = {labels[i] for i, h in enumerate(copies) if h > 0 and classes[i] > 0}
        if any(c > 0 and labels[i] not in continuing for i, c in enumerate(classes)):
            continue
        next_labels = [labels[i] if classes[i] > 0 else 1000 + i for i in range(len(classes))]
        result.append((copies, _canonical(list(copies), next_labels)))
    return result


def is_finished(state: State) -> bool:
    """One connected piece in which every node has even degree: a closed tour."""
    classes, labels = state
    used = {label for c, label in zip(classes, labels, strict=True) if c > 0}
    return len(used) == 1 and all(c != 1 for c in classes)


@dataclass(frozen=True, slots=True)
class Transitions:
    """Transitions grouped by target state, ready for ``np.minimum.reduceat``."""

    source: IntArray
    choice: IntArray  # option index (sub-aisle step) or copies total (exit step)
    target: IntArray  # unique targets, one per group
    starts: IntArray  # group start offsets into source/choice
    unused: BoolArray  # exit step only: (transitions, k) node left with degree 0


@dataclass(frozen=True, slots=True)
class StateSpace:
    """Reachable states and transition tables for ``k`` cross aisles (cached per ``k``)."""

    k: int
    states: tuple[State, ...]
    empty: int
    sub_aisle: tuple[Transitions, ...]  # one per sub-aisle s = 0 .. k-2
    exit: Transitions
    exit_copies: npt.NDArray[np.int8]  # (transitions, k) copies per cross aisle, same order
    finished: IntArray
    zero_nodes: BoolArray  # (states, k) node unused in that state


def _grouped(rows: list[tuple[int, int, int]], unused: list[tuple[bool, ...]] | None, k: int) -> Transitions:
    order = sorted(range(len(rows)), key=lambda i: (rows[i][2], rows[i][0], rows[i][1]))
    source = np.array([rows[i][0] for i in order], dtype=np.intp)
    choice = np.array([rows[i][1] for i in order], dtype=np.intp)
    target_all = np.array([rows[i][2] for i in order], dtype=np.intp)
    first = np.flatnonzero(np.r_[True, target_all[1:] != target_all[:-1]])
    mask = np.zeros((len(rows), k), dtype=bool) if unused is None else np.array([unused[i] for i in order], dtype=bool)
    return Transitions(source, choice, target_all[first], first.astype(np.intp), mask.reshape(len(rows), k))


@cache
def state_space(k: int) -> StateSpace:
    """Enumerate the states reachable from the empty cut for ``k`` cross aisles."""
    empty: State = ((0,) * k, (0,) * k)
    index: dict[State, int] = {empty: 0}
    frontier = [empty]
    while frontier:
        state = frontier.pop()
        successors = [apply_option(state, s, o) for s in range(k - 1) for o in range(OPTIONS)]
        successors += [nxt for _, nxt in exits(state)]
        for nxt in successors:
            if nxt not in index:
                index[nxt] = len(index)
                frontier.append(nxt)
    states = tuple(sorted(index, key=index.__getitem__))
    sub_aisle = tuple(
        _grouped(
            [(i, o, index[apply_option(st, s, o)]) for i, st in enumerate(states) for o in range(OPTIONS)], None, k
        )
        for s in range(k - 1)
    )
    exit_rows: list[tuple[int, int, int]] = []
    exit_unused: list[tuple[bool, ...]] = []
    copies_by_row: list[tuple[int, ...]] = []
    for i, st in enumerate(states):
        for copies, nxt in exits(st):
            exit_rows.append((i, len(copies_by_row), index[nxt]))
            exit_unused.append(tuple(st[0][n] == 0 and copies[n] == 0 for n in range(k)))
            copies_by_row.append(copies)
    exit_table = _grouped(exit_rows, exit_unused, k)
    # choice holds the row number into copies_by_row; keep copies aligned with the sorted order
    exit_copies = np.array([copies_by_row[c] for c in exit_table.choice], dtype=np.int8).reshape(-1, k)
    finished = np.array([i for i, st in enumerate(states) if is_finished(st)], dtype=np.intp)
    zero_nodes = np.array([[c == 0 for c in st[0]] for st in states], dtype=bool)
    return StateSpace(k, states, 0, sub_aisle, exit_table, exit_copies, finished, zero_nodes)
