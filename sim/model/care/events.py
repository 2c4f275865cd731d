"""The moments that matter to the care system: state changes, deaths and bed seeking of
the people who ever ask for care, in time order."""

from __future__ import annotations

import numpy as np

from sim.model.care.draws import CareInputs
from sim.model.population import LifeCourses
from sim.model.states import Health

# Care-event kinds, in the order they are handled when they fall on the same day.
STATE_CHANGE, BED_SEEK = 0, 1
#: A death in the event list has no episode.
NO_EPISODE = -1
DEAD = int(Health.DEAD)


def care_events(
    courses: LifeCourses, inputs: CareInputs, in_care_at_start: set[int]
) -> tuple[list[float], list[int], list[int], list[int]]:
    """(days, kinds, people, episodes) of every moment that matters to the care system,
    in time order, for people who ever need care (`in_care_at_start`: the people in care
    on day 0)."""
    start = courses.episode_start_day
    person = courses.episode_person
    # A person matters to the care system from their first request for care on
    # (day 0 for those in care at the start); earlier state changes are family care.
    ask_day = np.where((start > 0) & (inputs.choice > 0), start, inputs.seek_day)
    first_ask = np.full(courses.n_people, np.inf)
    np.minimum.at(first_ask, person, ask_day)
    first_ask[list(in_care_at_start)] = 0.0
    end = courses.episode_end_day
    changes = np.flatnonzero((start > 0) & (start >= first_ask[person]))
    deaths = np.flatnonzero((courses.episode_next_state == DEAD) & (end >= first_ask[person]))
    seeks = np.flatnonzero(np.isfinite(inputs.seek_day))
    days = np.concatenate([start[changes], end[deaths], inputs.seek_day[seeks]])
    kinds = np.concatenate(
        [np.full(len(changes), STATE_CHANGE), np.full(len(deaths), STATE_CHANGE),
         np.full(len(seeks), BED_SEEK)]
    )  # fmt: skip
    people = person[np.concatenate([changes, deaths, seeks])]
    episodes = np.concatenate([changes, np.full(len(deaths), NO_EPISODE), seeks])
    order = np.lexsort((episodes, people, kinds, days))
    return (
        days[order].tolist(),
        kinds[order].tolist(),
        people[order].tolist(),
        episodes[order].tolist(),
    )
