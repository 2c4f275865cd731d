"""Bed pools and their waiting lists.

Beds are counted district pools of two kinds (nursing-type and ordinary), not
SimPy `Resource` objects: a pool has thousands of slots, and the waiting lists
need priorities, two lists per person and reneging, which are kept here as
heaps with lazy deletion (an entry is skipped when its token is stale).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from sim.model.states import BedKind, Health

if TYPE_CHECKING:
    from sim.model.care.people import Person

# Queue priority classes (lower first): residents moving to a nursing-type bed first;
# last, residents of a home in another township moving nearer, to their own township.
TRANSFER_PRIORITY, FIRST_PRIORITY, SECOND_PRIORITY, MOVE_PRIORITY = 0, 1, 2, 3

#: A waiting-list entry: (priority, day joined, sequence, person, the person's token then).
Entry = tuple[int, float, int, "Person", int]


def accepts(kind: int, state: int, ordinary_ok: tuple[bool, ...]) -> bool:
    """Whether a person in health `state` takes a bed of `kind`.

    Nursing-type beds take partially and fully disabled people; an ordinary bed is taken
    by whoever would take one in their state (`ordinary_ok`, by health state: the
    independent always; the disabled as the acceptance parameters say).
    """
    if kind == BedKind.NURSING:
        return state == Health.PARTIAL or state == Health.FULL
    return ordinary_ok[state]


class BedPool:
    """Beds of one kind: the stock, how many are occupied, and closures waiting for a bed
    to free."""

    __slots__ = ("beds", "kind", "occupied", "pending_closures", "residents_by_state")

    def __init__(self, kind: BedKind, beds: int) -> None:
        self.kind = kind
        self.beds = beds
        self.occupied = 0
        self.pending_closures = 0
        #: residents by health state (independent, partial, full)
        self.residents_by_state = [0, 0, 0]

    def free(self) -> int:
        """Beds not occupied."""
        return self.beds - self.occupied


class WaitingList:
    """People waiting for a bed of one kind: a heap of entries with lazy deletion."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def push(self, entry: Entry) -> None:
        """Add an entry (its validity is checked when it reaches the head)."""
        heapq.heappush(self.entries, entry)

    def pop(self) -> Entry:
        """Remove and return the head."""
        return heapq.heappop(self.entries)
