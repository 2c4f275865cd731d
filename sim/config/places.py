"""The district as its townships: the pack's township tables and a scenario's supply
resolved into the model's `PlacesSpec` and a capacity schedule by township.

The starting state of each township is the district's (already scaled) spread by the
township tables: beds, residents and nursing-home workers by the homes' beds, centres
and places by the centres table, the waiting list, home-care workers and villages by
the townships' shares. Each count adds up over the townships to the district's exactly
(largest remainders). District-wide new beds and centres are spread by the scenario's
rule (`spread`: by people aged 60+, or by shortfall); conversions and closures fall on
the townships in proportion to the beds they have; `supply.townships` places beds and
centres in a named township itself. See docs/places.md.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sim.config.pack_schema import DistrictPack
from sim.config.scenario import BedChange as BedChangeInput
from sim.config.scenario import Scenario
from sim.config.township_schema import TownshipTables
from sim.errors import InputError
from sim.model.calendar import Calendar
from sim.model.places import spread
from sim.model.spec import BedChange, CapacitySchedule, CentreOpening, InitialState, PlacesSpec


def _initial_by_area(tables: TownshipTables, start: InitialState) -> tuple[InitialState, ...]:
    """Each township's starting state: the district's `start` spread by the tables."""
    nursing_beds = spread(start.nursing_beds, tables.nursing_beds)
    ordinary_beds = spread(start.ordinary_beds, tables.ordinary_beds)
    # Residents fill a township's beds in the district's proportion; spreading them by
    # the beds keeps every township at or under its own beds.
    nursing_residents = spread(
        start.nursing_residents_full + start.nursing_residents_partial, nursing_beds
    )
    nursing_full = spread(start.nursing_residents_full, nursing_residents)
    ordinary_residents = spread(
        start.ordinary_residents_independent + start.ordinary_residents_partial, ordinary_beds
    )
    ordinary_independent = spread(start.ordinary_residents_independent, ordinary_residents)
    caregivers = spread(start.caregivers, nursing_beds + ordinary_beds)
    certified = spread(start.certified_caregivers, caregivers)
    village_centres = spread(start.village_centres, tables.community_centres)
    township_centres = spread(start.centres - start.village_centres, tables.regional_centres)
    places = spread(start.community_places, tables.community_places + tables.regional_places)
    users = spread(start.community_users, places)
    home_care = spread(start.home_care_workers, tables.share_60plus)
    certified_home_care = spread(start.certified_home_care_workers, home_care)
    community_workers = spread(start.community_workers, village_centres + township_centres)
    certified_community = spread(start.certified_community_workers, community_workers)
    waiting = spread(start.waiting, tables.share_60plus)
    return tuple(
        InitialState(
            nursing_beds=int(nursing_beds[i]),
            ordinary_beds=int(ordinary_beds[i]),
            nursing_residents_full=int(nursing_full[i]),
            nursing_residents_partial=int(nursing_residents[i] - nursing_full[i]),
            ordinary_residents_independent=int(ordinary_independent[i]),
            ordinary_residents_partial=int(ordinary_residents[i] - ordinary_independent[i]),
            waiting=int(waiting[i]),
            caregivers=int(caregivers[i]),
            certified_caregivers=int(certified[i]),
            centres=int(village_centres[i] + township_centres[i]),
            community_places=int(places[i]),
            community_users=int(users[i]),
            village_centres=int(village_centres[i]),
            home_care_workers=int(home_care[i]),
            certified_home_care_workers=int(certified_home_care[i]),
            community_workers=int(community_workers[i]),
            certified_community_workers=int(certified_community[i]),
            day_care_centres=int(tables.full_day_care_centres[i]),
        )
        for i in range(len(tables))
    )


def _shortfall_weights(share_60plus: np.ndarray, stock: np.ndarray, added: int) -> np.ndarray:
    """Weights of the spread by shortfall: how far each township is under its share of
    people aged 60+ of the stock once `added` is built (its share when none is under)."""
    under = np.maximum(share_60plus * (stock.sum() + added) - stock, 0.0)
    weights: np.ndarray = under if under.sum() > 0 else share_60plus
    return weights


def _township_index(tables: TownshipTables) -> dict[str, int]:
    return {code: index for index, code in enumerate(tables.codes)}


class _BedStock:
    """Beds by township as the scenario's changes are applied in date order (to spread
    conversions and closures over the beds that exist, and to refuse a negative stock)."""

    def __init__(self, start: tuple[InitialState, ...]) -> None:
        self.nursing = np.array([s.nursing_beds for s in start], dtype=np.int64)
        self.ordinary = np.array([s.ordinary_beds for s in start], dtype=np.int64)

    def split(self, change: BedChange, rule: str, share_60plus: np.ndarray) -> list[BedChange]:
        """A district-wide `change`, one change per township it touches."""

        def new(total: int, stock: np.ndarray) -> np.ndarray:
            weights = share_60plus if rule == "by_60plus" else (
                _shortfall_weights(share_60plus, stock, total)
            )  # fmt: skip
            return spread(total, weights)

        parts = {
            "add_nursing": new(change.add_nursing, self.nursing + self.ordinary),
            "add_ordinary": new(change.add_ordinary, self.nursing + self.ordinary),
            "convert_to_nursing": spread(change.convert_to_nursing, self.ordinary),
            "close_nursing": spread(change.close_nursing, self.nursing),
            "close_ordinary": spread(change.close_ordinary, self.ordinary),
        }
        # Every township gets its part, none included: a change to the stock is a moment
        # at which every waiting list is looked at again.
        return [
            BedChange(day=change.day, area=area, **{k: int(v[area]) for k, v in parts.items()})
            for area in range(len(self.nursing))
        ]

    def apply(self, change: BedChange, file: str, key: str) -> None:
        """Count `change` in its township; refuse one that leaves a negative stock."""
        area = change.area
        self.nursing[area] += change.add_nursing + change.convert_to_nursing - change.close_nursing
        self.ordinary[area] += (
            change.add_ordinary - change.convert_to_nursing - change.close_ordinary
        )
        if self.nursing[area] < 0 or self.ordinary[area] < 0:
            raise InputError(file, key, "converts or closes more beds than the township has")


def _scaled(amounts: BedChangeInput, scale: float) -> dict[str, int]:
    values = amounts.model_dump()
    return values if scale == 1.0 else {k: round(v * scale) for k, v in values.items()}


def _bed_changes(
    scenario: Scenario,
    tables: TownshipTables,
    start: tuple[InitialState, ...],
    capacity: CapacitySchedule,
    calendar: Calendar,
    file: str,
) -> tuple[BedChange, ...]:
    """The district's bed changes spread over the townships, and the townships' own, in
    date order (the district's first on a day)."""
    index = _township_index(tables)
    own = [
        (calendar.day_of(key), 1, BedChange(
            day=calendar.day_of(key), area=index[code],
            **_scaled(change, scenario.population_scale),
        ), f"supply.townships.{code}.beds.{key}")
        for code, supply in scenario.supply.townships.items()
        for key, change in supply.beds.items()
    ]  # fmt: skip
    district = [(change.day, 0, change, "supply.beds") for change in capacity.bed_changes]
    stock = _BedStock(start)
    changes: list[BedChange] = []
    for _, origin, change, key in sorted(district + own, key=lambda item: item[:2]):
        parts = [change] if origin else stock.split(change, scenario.spread, tables.share_60plus)
        for part in parts:
            stock.apply(part, file, key)
            changes.append(part)
    return tuple(changes)


def _centre_openings(
    scenario: Scenario,
    tables: TownshipTables,
    start: tuple[InitialState, ...],
    capacity: CapacitySchedule,
    calendar: Calendar,
    file: str,
) -> tuple[CentreOpening, ...]:
    """The district's new centres spread over the townships, and the townships' own."""
    index = _township_index(tables)
    centres = np.array([s.centres for s in start], dtype=np.int64)
    openings: list[CentreOpening] = []
    for opening in capacity.centre_openings:
        weights = (
            tables.share_60plus
            if scenario.spread == "by_60plus"
            else _shortfall_weights(tables.share_60plus, centres, opening.centres)
        )
        counts = spread(opening.centres, weights)
        centres += counts
        openings += [
            CentreOpening(opening.day, int(count), area)
            for area, count in enumerate(counts)
            if count
        ]
    for code, supply in scenario.supply.townships.items():
        for key, change in supply.centres.items():
            count = round(change.add * scenario.population_scale)
            if count:
                openings.append(CentreOpening(calendar.day_of(key), count, index[code]))
        # A regional centre with full-day care is one centre whatever the scale.
        for key, change in supply.day_care_centres.items():
            if change.add:
                openings.append(
                    CentreOpening(calendar.day_of(key), change.add, index[code], day_care=True)
                )
    return tuple(sorted(openings, key=lambda opening: opening.day))


def uses_townships(scenario: Scenario, pack: DistrictPack) -> bool:
    """Whether a run of `scenario` on `pack` is by township: asked for (`places:
    townships`) or, by default (`auto`), when the pack's township tables describe the
    scenario's base year."""
    if pack.places is None or scenario.places == "pooled":
        return False
    return scenario.places == "townships" or pack.places.facilities_year == scenario.base_year


def _own_per_year(scenario: Scenario, tables: TownshipTables, field_name: str) -> np.ndarray | None:
    """What townships add a year to their share of the district's hiring or training
    ([simulated year, township], scaled; None where no township adds any), from each
    township's `{year: number}` (held until changed) of `field_name`."""
    simulated = range(scenario.base_year + 1, scenario.end_year + 1)
    index = _township_index(tables)
    table = np.zeros((len(simulated), len(tables)))
    for code, supply in scenario.supply.townships.items():
        schedule, current = getattr(supply, field_name), 0.0
        for row, year in enumerate(simulated):
            current = schedule.get(year, current)
            table[row, index[code]] = current * scenario.population_scale
    return table if table.any() else None


def check_township_codes(scenario: Scenario, tables: TownshipTables | None, file: str) -> None:
    """Refuse a township the pack does not have (or a pack without townships)."""
    known = set(tables.codes) if tables is not None else set()
    for code in scenario.supply.townships:
        if code not in known:
            listed = (
                ", ".join(sorted(known))
                or "none: the run is one pool (`places: pooled`, or a pack without township tables)"
            )
            raise InputError(
                file, f"supply.townships.{code}", f"unknown township (known: {listed})"
            )


def places_spec(
    scenario: Scenario,
    tables: TownshipTables,
    start: InitialState,
    capacity: CapacitySchedule,
    villages_and_communities: int,
    file: str,
) -> tuple[PlacesSpec, CapacitySchedule]:
    """The townships of a scenario's district and its capacity schedule by township."""
    check_township_codes(scenario, tables, file)
    by_area = _initial_by_area(tables, start)
    calendar = Calendar(scenario.base_year)
    caregivers = np.array([s.caregivers for s in by_area], dtype=float)
    beds = np.array([s.nursing_beds + s.ordinary_beds for s in by_area], dtype=float)
    weights = caregivers if caregivers.sum() > 0 else beds
    hiring_share = weights / weights.sum() if weights.sum() > 0 else tables.share_60plus
    places = PlacesSpec(
        codes=tables.codes,
        share_60plus=np.asarray(tables.share_60plus, dtype=float),
        share_registered=np.asarray(tables.share_registered, dtype=float),
        travel_minutes=np.asarray(tables.travel_minutes, dtype=float),
        initial=by_area,
        hiring_share=hiring_share,
        urban=np.array([kind == "subdistrict" for kind in tables.kinds]),
        villages_and_communities=spread(
            villages_and_communities, tables.villages + tables.communities
        ),
    )
    schedule = replace(
        capacity,
        bed_changes=_bed_changes(scenario, tables, by_area, capacity, calendar, file),
        centre_openings=_centre_openings(scenario, tables, by_area, capacity, calendar, file),
        extra_hires_by_area=_own_per_year(scenario, tables, "caregivers_hire_per_year"),
        extra_home_care_hires_by_area=_own_per_year(scenario, tables, "home_care_hire_per_year"),
        extra_certifications_by_area=_own_per_year(scenario, tables, "caregivers_certify_per_year"),
        extra_home_care_certifications_by_area=_own_per_year(
            scenario, tables, "home_care_certify_per_year"
        ),
    )
    return places, schedule
