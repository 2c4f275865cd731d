"""Nursing-home beds as a channel: the event-driven bed queue (`sim.model.care.system`),
seen through its yearly record.

The bed queue runs in SimPy, person by person, because who gets a bed depends on the
order of requests, discharges and deaths; this adapter gives its yearly record the
interface every channel has (`sim.model.channels.channel.CareChannel`).
"""

from __future__ import annotations

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.record import YearlyRecord
from sim.model.channels.channel import CostLines, IndicatorRows, flow, percent, with_start
from sim.model.spec import ModelSpec
from sim.model.states import BedKind

NURSING, ORDINARY = BedKind.NURSING, BedKind.ORDINARY


def beds_staffable(spec: ModelSpec, caregivers: np.ndarray, residents: np.ndarray) -> np.ndarray:
    """Nursing-type beds the care workers could run: the residents of nursing-type beds
    they could look after, with those beds' current mix of health states (with none:
    all fully disabled), once the ordinary beds' residents are looked after.
    `residents` is [year, bed kind, health state]."""
    p = spec.parameters
    workers_per_resident = np.array(
        [
            1 / p.residents_per_caregiver_independent,
            1 / p.residents_per_caregiver_partial,
            1 / p.residents_per_caregiver_full,
        ]
    )
    nursing = residents[:, NURSING, :]
    ordinary_need = residents[:, ORDINARY, :] @ workers_per_resident
    count = nursing.sum(axis=1)
    per_resident = np.where(
        count > 0, (nursing @ workers_per_resident) / np.maximum(count, 1), workers_per_resident[2]
    )
    staffable: np.ndarray = np.floor(
        np.maximum(caregivers - ordinary_need, 0) / per_resident + 1e-9
    )
    return staffable


def _waits(record: YearlyRecord) -> dict[str, np.ndarray]:
    """Mean wait, 90th percentile (days) and share who waited at all (%), per simulated
    year, of the people admitted in it (NaN in a year nobody was)."""
    waits = record.waits_days
    return {
        "mean": np.array([np.mean(w) if w else np.nan for w in waits]),
        "p90": np.array([np.percentile(w, 90) if w else np.nan for w in waits]),
        "waited": np.array([100.0 * np.mean(np.array(w) > 0) if w else np.nan for w in waits]),
    }


class NursingHomes:
    """The beds, their residents, waiting lists and care workers of one replication."""

    name = "nursing_homes"

    def __init__(self, spec: ModelSpec, record: YearlyRecord) -> None:
        self.spec = spec
        self.record = record

    def indicator_rows(self) -> IndicatorRows:
        """Beds, care workers, residents, occupancy, waiting and waits."""
        record, start = self.record, self.record.start
        beds = np.vstack([np.array(start.beds), record.beds_end]).astype(float)
        occupied = np.vstack([np.array(start.occupied), record.occupied_end]).astype(float)
        beds_total = beds.sum(axis=1)
        occupied_days, bed_days = record.occupied_bed_days, record.bed_days
        occupancy_at_start = percent(occupied[0], beds[0])
        caregivers = with_start(start.caregivers, record.caregivers_end)
        # [year, bed kind, health state]
        residents_by_kind = np.concatenate(
            [np.array(start.residents)[None], np.asarray(record.residents_end)]
        ).astype(float)
        gave_up = flow(record.gave_up)
        waiting = with_start(start.waiting, record.waiting_end)
        waits = _waits(record)
        return {
            "beds_total": beds_total,
            "beds_nursing": beds[:, NURSING],
            "nursing_bed_share": percent(beds[:, NURSING], beds_total),
            "caregivers": caregivers,
            "caregivers_needed": with_start(start.staff_needed, record.staff_needed_end),
            "residents": occupied.sum(axis=1),
            "residents_nursing": occupied[:, NURSING],
            # Everyone who sought a bed is disabled: those in nursing-type beds, those
            # waiting at year end and those who gave up during the year.
            "nursing_bed_demand": occupied[:, NURSING] + waiting + gave_up,
            "beds_staffable": beds_staffable(self.spec, caregivers, residents_by_kind),
            "occupancy_rate": with_start(
                float(percent(occupied[0].sum(), beds[0].sum())),
                percent(occupied_days.sum(axis=1), bed_days.sum(axis=1)),
            ),
            "occupancy_rate_nursing": with_start(
                float(occupancy_at_start[NURSING]),
                percent(occupied_days[:, NURSING], bed_days[:, NURSING]),
            ),
            "occupancy_rate_ordinary": with_start(
                float(occupancy_at_start[ORDINARY]),
                percent(occupied_days[:, ORDINARY], bed_days[:, ORDINARY]),
            ),
            "waiting_list": waiting,
            "mean_waiting_list": flow(record.waiting_person_days / DAYS_PER_YEAR),
            "bed_seekers": flow(record.bed_seekers),
            "admissions": flow(record.admissions),
            "gave_up": gave_up,
            "died_waiting": flow(record.died_waiting),
            "mean_wait_days": flow(waits["mean"]),
            "share_waited": flow(waits["waited"]),
            "p90_wait_days": flow(waits["p90"]),
            # Of the people whose search for a bed ended in the year (admitted, gave up or
            # died waiting), the share who gave up: a true share, unlike gave_up / seekers.
            "unmet_bed_demand": flow(
                percent(record.gave_up, record.admissions + record.gave_up + record.died_waiting)
            ),
        }

    def cost_lines(self) -> CostLines:
        """Beds built and converted, worker-years, occupied bed-years, certifications, hires."""
        record = self.record
        return {
            "new_nursing_beds": record.new_nursing_beds,
            "new_ordinary_beds": record.new_ordinary_beds,
            "bed_conversions": record.conversions,
            "caregiver_years": record.caregiver_days / DAYS_PER_YEAR,
            "occupied_bed_years": record.occupied_bed_days.sum(axis=1) / DAYS_PER_YEAR,
            "certifications": record.certifications,
            "hires": record.hires,
        }

    def certified_workers(self) -> np.ndarray:
        """Certified nursing-home workers at each year end."""
        return with_start(self.record.start.certified, self.record.certified_end)
