"""The named states of the model: health, bed kinds, where a person is, choices, policies.

They are `IntEnum`s so that they index arrays and compare as plain integers on the
care system's hot path, and print with their names everywhere else.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Health(IntEnum):
    """A person's health state; the first three index the health tables."""

    INDEPENDENT = 0  # 自理
    PARTIAL = 1  # 半失能 (partially disabled)
    FULL = 2  # 失能 (fully disabled)
    DEAD = 3


#: The living states, in table order.
LIVING_STATES: tuple[Health, ...] = (Health.INDEPENDENT, Health.PARTIAL, Health.FULL)
#: A life course that is still running at the horizon has no next state.
CENSORED = -1


class BedKind(IntEnum):
    """The two kinds of nursing-home bed."""

    NURSING = 0  # 护理型床位
    ORDINARY = 1


class Setting(IntEnum):
    """Where a person who has asked for care is."""

    HOME = 0  # family care only
    COMMUNITY = 1  # holds a community day-care place
    WAITING = 2  # on a waiting list for a bed (at home meanwhile)
    NURSING_BED = 3
    ORDINARY_BED = 4


class CareChoice(IntEnum):
    """The care setting chosen on entering a disabled state."""

    FAMILY = 0
    COMMUNITY = 1
    BED = 2


class QueuePolicy(StrEnum):
    """Who is admitted first when a bed frees."""

    FIFO = "fifo"  # first come, first served
    FULL_FIRST = "full_first"  # fully disabled people before everyone else
