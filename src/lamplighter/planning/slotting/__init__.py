"""Slotting: where each SKU's pick face goes, how much walking a placement costs, what to move.

Public entry points (pure: plain objects and frames in, plain objects out):

- ``policies.slot_skus`` / ``prepare`` + ``place``: placement by policy (``lamplighter``,
  ``random``, ``abc``, ``coi``) under the hard storage rules and capacity;
- ``replay.replay``: metres walked by an order stream, each order alone on its optimal route;
- ``reslotting.plan_reslotting``: at most N moves, best walking saved per move first;
- ``putaway.suggest_putaway`` / ``confirm_putaway`` / ``walking_costs``: where a receipt goes;
- ``pick_stats.pick_statistics``: pick lines, orders, units, cube-per-order index per SKU.

Inside: ``route_cost`` (exact single-order tours of many baskets at once), ``objective``
(summed routes of baskets and fast swap deltas), ``velocity`` / ``velocity_shape`` (fast
movers to the best slots, shape chosen by a walk-forward test), ``local_search`` (affinity
swaps on route length), ``eligibility`` (rules per attribute profile), ``slots``, ``baskets``.
"""
