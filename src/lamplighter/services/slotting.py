"""Re-slotting from the store: plan at most N pick-face moves; on acceptance, write them as tasks."""

from __future__ import annotations

from dataclasses import dataclass

from lamplighter.adapters.db.slotting_repository import SlottingRepository
from lamplighter.planning.slotting.policies import SlottingOptions, prepare, slot_array
from lamplighter.planning.slotting.reslotting import ReslottingPlan, plan_options, plan_reslotting
from lamplighter.services.errors import NoLayoutLoaded
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


@dataclass(frozen=True)
class StoredPlan:
    plan: ReslottingPlan
    plan_id: int | None  # None: shown only, not accepted


def reslotting_plan(
    uow: UnitOfWork,
    max_moves: int,
    *,
    apply: bool = False,
    actor: str = "system",
    options: SlottingOptions = SlottingOptions(),
) -> StoredPlan:
    """Plan up to ``max_moves`` moves from the current pick faces (stock in pick zones) and the
    imported sales history; with ``apply`` the plan and one open move task per move are written."""
    if max_moves < 0:
        raise ValueError(f"--max-moves must be 0 or more, got {max_moves}")

    def work(u: UnitOfWork) -> StoredPlan:
        layout = u.locations.layout()
        if layout is None:
            raise NoLayoutLoaded()
        store = SlottingRepository(u.connection)
        opts = plan_options(options)
        problem = prepare(u.skus.all(), layout, store.order_lines(), opts)
        current = slot_array(problem, store.pick_faces())
        plan, _after = plan_reslotting(problem, layout, current, max_moves, opts)
        plan_id = store.add_plan(plan, max_moves, actor) if apply else None
        if apply:
            u.commit()
        return StoredPlan(plan, plan_id)

    return run_in_transaction(uow.reader() if not apply else uow, work)
