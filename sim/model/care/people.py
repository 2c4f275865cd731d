"""A person as the care system sees them: health state, setting, and the clocks they hold."""

from __future__ import annotations

from sim.model.states import Setting


class Person:
    """One older person who has asked for care at some point.

    `token` is bumped whenever the person's situation changes, so that waiting-list
    entries and patience or discharge clocks of an earlier situation are recognised
    as stale and ignored.
    """

    __slots__ = (
        "accepted",
        "area",
        "bed_area",
        "bed_since",
        "has_place",
        "index",
        "join_day",
        "ordinary_ok",
        "place_since",
        "setting",
        "state",
        "stay_days",
        "token",
        "transfer_waiting",
    )

    def __init__(
        self, index: int, state: int, ordinary_ok: tuple[bool, bool, bool, bool], area: int = 0
    ) -> None:
        self.index = index
        #: home area (township), and the areas whose homes the current wait accepts
        self.area = area
        self.accepted: tuple[int, ...] = (area,)
        #: area of the home the person lives in, while in a bed
        self.bed_area = area
        self.state = state
        #: whether the person takes an ordinary bed in each health state (dead last)
        self.ordinary_ok = ordinary_ok
        self.setting: int = Setting.HOME
        self.token = 0
        #: day the current wait began
        self.join_day = 0.0
        #: length of the stay when admitted, drawn when the bed was sought
        self.stay_days = 0.0
        #: a resident of an ordinary bed waiting to move to a nursing-type bed
        self.transfer_waiting = False
        #: day the current bed spell began
        self.bed_since = 0.0
        self.has_place = False
        #: day the current community place began
        self.place_since = 0.0
