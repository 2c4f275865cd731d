"""The care system with its invariants checked during the run (shared by the tests)."""

from __future__ import annotations

from sim.model.care.areas import AreaCare
from sim.model.care.draws import care_inputs
from sim.model.care.record import YearlyRecord
from sim.model.care.system import CareSystem
from sim.model.places import home_areas
from sim.model.population import LifeCourses, sample_life_courses
from sim.model.spec import ModelSpec


class CheckedCareSystem(CareSystem):
    """The care system with its invariants checked whenever it looks for someone to admit.

    `checks` counts the checks of this instance, so a test can see that they ran.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.checks = 0

    def _try_admit(self, area: AreaCare, kind: int) -> None:
        self._check()
        super()._try_admit(area, kind)
        self._check()

    def _check(self) -> None:
        self.checks += 1
        for area in self.areas:
            for pool in area.pools:
                assert 0 <= pool.occupied <= pool.beds
                assert sum(pool.residents_by_state) == pool.occupied
                assert min(pool.residents_by_state) >= 0
            assert 0 <= area.community.used <= area.community.places
            assert area.n_waiting >= 0
            assert sum(area.staff.residents_by_state) == sum(pool.occupied for pool in area.pools)


def run_checked(
    spec: ModelSpec, replication: int = 0
) -> tuple[LifeCourses, CheckedCareSystem, YearlyRecord]:
    """One replication through the checked care system, wired as `sim.model.simulate` does."""
    courses = sample_life_courses(spec, replication)
    inputs = care_inputs(courses, spec, replication)
    system = CheckedCareSystem(
        spec, courses, inputs, replication, home_areas(spec, courses, replication)
    )
    record = system.run()
    return courses, system, record
