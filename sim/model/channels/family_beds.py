"""Family care beds (家庭养老床位), month by month: beds set up in disabled older people's
homes, who has one, and the scheduled visits of the providers that run them.

As the national guidance on family care beds describes them, a disabled older person
living at home gets a bed with equipment (适老化改造: grab bars, a care bed; 智能设备:
alarms and monitoring) and scheduled visits of professional care from a provider that
runs the bed (a nursing home or a service organisation), and the bed counts among the
civil-affairs elderly-care beds (`beds_per_1000_older`).

The model's rule (an assumption, docs/model.md):

- the scenario sets how many beds there are (`supply.family_beds`): the base year's
  stock (`family_care_beds_per_1000_older_start`) and the beds added each year, which
  come in on the year's first day;
- each month the beds go to the disabled people living at home (neither in a bed nor in
  a day-care place; people waiting for a bed are at home), free of charge to them, as
  far as the beds go; a bed whose holder dies or moves into a home passes to the next
  person at home (the beds are places a provider runs, not fixed to one house). Fully
  disabled people would be offered one first, but every holder gets the same visits, so
  who among them holds one changes none of the counts reported;
- everyone with a bed gets `family_care_bed_visits_per_month` visits a month from the
  provider, with the provider's own staff: the visits do not draw on the home-care
  workers of `sim.model.channels.home_care`, and every scheduled visit is made;
- a family bed changes nothing else in the person's care (home-care hours, seeking a
  bed in a home).

Who is served is a count by health state, not a draw, so the channel has no random
stream and changes no other channel's draws.
"""

from __future__ import annotations

import numpy as np

from sim.model.calendar import MONTHS_PER_YEAR
from sim.model.channels.census import DisabledOnDay
from sim.model.channels.channel import CostLines, IndicatorRows, flow
from sim.model.spec import ModelSpec
from sim.model.states import Health


def disabled_at_home(people: DisabledOnDay) -> np.ndarray:
    """Who among `people` may hold a family care bed: the disabled at home (one flag
    each)."""
    flags: np.ndarray = people.home & (people.state != Health.INDEPENDENT)
    return flags


def bed_users(beds: float, people: DisabledOnDay) -> float:
    """People who hold one of `beds` family care beds among `people`: the disabled at
    home, as far as the beds go."""
    return min(beds, float(disabled_at_home(people).sum()))


class FamilyCareBeds:
    """The family care beds of one district or township: beds and their users at each
    reported year end (users in December), visits per simulated year."""

    name = "family_beds"

    def __init__(self, spec: ModelSpec) -> None:
        own = spec.family_beds.of_area(spec.area_code)
        self.beds = own.stock(spec.n_years)
        #: beds set up in each simulated year (their construction is priced)
        self.added = np.diff(self.beds)
        self.visits_per_month = spec.parameters.family_care_bed_visits_per_month
        self.users = np.zeros(spec.n_years + 1)
        self.visits = np.zeros(spec.n_years)

    def start(self, people: DisabledOnDay) -> None:
        """The base year's users, from the people at home on day 0."""
        self.users[0] = bed_users(self.beds[0], people)

    def month(self, month: int, day: float, people: DisabledOnDay) -> None:
        """Month `month` (its middle is `day`): who holds the year's beds, their visits."""
        self.add_month(month, float(disabled_at_home(people).sum()))

    def add_month(self, month: int, at_home: float) -> None:
        """Month `month`, from the number of disabled people at home: who holds the year's
        beds, their visits."""
        year = month // MONTHS_PER_YEAR
        # The year's beds are all there from its first day.
        users = min(float(self.beds[year + 1]), at_home)
        self.visits[year] += users * self.visits_per_month
        if month % MONTHS_PER_YEAR == MONTHS_PER_YEAR - 1:
            self.users[year + 1] = users

    def indicator_rows(self) -> IndicatorRows:
        """Beds, their users and the visits made."""
        return {
            "family_care_beds": self.beds.copy(),
            "family_care_bed_users": self.users.copy(),
            "family_care_bed_visits": flow(self.visits),
        }

    def cost_lines(self) -> CostLines:
        """Beds set up (their home adaptation and equipment) and visits made."""
        return {
            "new_family_care_beds": self.added.copy(),
            "family_care_bed_visits": self.visits.copy(),
        }

    def certified_workers(self) -> None:
        """The visits are the providers' own staff's, counted in no workforce here."""
        return None
