"""Community day-care places for disabled people living at home."""

from __future__ import annotations


class CommunityPlaces:
    """Places in the district's community care centres, and how many are in use."""

    __slots__ = ("centres", "day_care_centres", "places", "used")

    def __init__(self, centres: int, places: int, day_care_centres: int = 0) -> None:
        self.centres = centres
        self.places = places
        self.used = 0
        #: regional centres offering full-day care (全日托), among `centres`
        self.day_care_centres = day_care_centres

    def has_free(self) -> bool:
        """Whether a place is free."""
        return self.used < self.places
