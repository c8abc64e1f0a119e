"""Scopes and the roles that grant them: the whole access policy of the API and the dashboard.

A route asks for one scope; a key holds one role; a role grants a fixed set of scopes.
Changing who may do what means changing :data:`ROLE_SCOPES`, nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from lamplighter.services.api_keys import Role


class Scope(StrEnum):
    READ = "read"  # look at anything
    PICK = "pick"  # confirm pick lines by scan, report shorts, pack
    OPERATE = "operate"  # release waves, slotting, putaway, stock adjustments, receipts
    PLAN = "plan"  # run plans, purchase suggestions, imports
    ADMIN = "admin"  # API keys, layout


ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.VIEWER: frozenset({Scope.READ}),
    Role.PICKER: frozenset({Scope.READ, Scope.PICK}),
    # A warehouse lead steps in on the floor, so they may pick as well.
    Role.LEAD: frozenset({Scope.READ, Scope.PICK, Scope.OPERATE}),
    Role.PLANNER: frozenset({Scope.READ, Scope.PLAN}),
    Role.ADMIN: frozenset(Scope),
}


def role_grants(role: Role, scope: Scope) -> bool:
    """True when a key of ``role`` may use a route that asks for ``scope``."""
    return scope in ROLE_SCOPES[role]
