"""The registers of a filled workbook as the pack's tables and totals.

A register left as the template prefilled it changes nothing. Otherwise its rows become
the table's rows: a row equal to one the pack already has keeps that row (and its source
and confidence), any other row is the bureau's (confidence `high`, the workbook's
source). A district total made from a register is observed when every row is the
bureau's, an estimate otherwise (`Derived.observed`). A count column (residents, care
workers, users) is used only when every row fills it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.catalogue import text
from sim.config.allowances import ALLOWANCE_COLUMNS, ALLOWANCES_FILE
from sim.config.pack_schema import OBSERVED_CONFIDENCE, DistrictPack
from sim.config.townships import CENTRE_COLUMNS, HOME_COLUMNS
from sim.config.workbook import prefill
from sim.config.workbook.csv_text import CsvTable, number_text, read_csv_table
from sim.config.workbook.layout import (
    ALLOWANCES,
    CENTRES,
    HOME_CARE,
    HOMES,
    OLDER,
    OLDER_BANDS,
    WAITING,
)
from sim.config.workbook.reader import Problems, SheetRows, Workbook
from sim.model.places import spread

HIGH = "high"
#: The note of population.csv's rows a 60+ sheet sets (pack data are in English).
BAND_SPLIT_NOTE = (
    "registered persons: the 10-year band's total from the register, split "
    "by 5-year band and sex as the earlier rows were"
)


@dataclass(frozen=True)
class Derived:
    """A district figure made from a register: its value, whether every row it sums is the
    bureau's, and the sheet it came from."""

    value: float
    observed: bool
    sheet: str


@dataclass
class Registers:
    """What the registers change: tables by file name, figures by item, and notes for the
    user."""

    tables: dict[str, CsvTable] = field(default_factory=dict)
    figures: dict[str, Derived] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What every register needs: the pack, the workbook, its problems and the source the
    bureau's rows carry (English, Chinese)."""

    pack: DistrictPack
    workbook: Workbook
    problems: Problems
    source: tuple[str, str]

    def rows(self, key: str) -> SheetRows:
        return self.workbook.sheets.get(key, SheetRows())

    def provenance(self) -> dict[str, str]:
        return {"source": self.source[0], "source_zh": self.source[1], "confidence": HIGH,
                "note": ""}  # fmt: skip


def _column_sum(context: Context, key: str, sheet: Any, column: str) -> int | None:
    """The sum of a count column filled in every row; None when no row fills it (a problem
    when only some do)."""
    sheet_rows = context.rows(key)
    index = sheet.index(column)
    values = [row[index] for row in sheet_rows.rows]
    if not values or all(value is None for value in values):
        return None
    blank = [cells[column] for row, cells in zip(sheet_rows.rows, sheet_rows.cells, strict=True)
             if row[index] is None]  # fmt: skip
    if blank:
        context.problems.add(str(blank[0]), "partial_column", blank=len(blank), rows=len(values))
        return None
    return int(sum(values))


def _kept_or_new(
    originals: list[tuple[tuple[Any, ...], dict[str, str]]], key: tuple[Any, ...]
) -> dict[str, str] | None:
    """The first unused original row with projection `key` (removed from `originals`)."""
    for number, (projection, row) in enumerate(originals):
        if projection == key:
            del originals[number]
            return row
    return None


def _check_home(context: Context, nursing: int, counts: list[Any], cells: dict[str, Any]) -> None:
    """A home's residents in nursing-type beds fit its beds; its certified workers are
    among its workers."""
    if counts[0] is not None and counts[1] is not None and counts[0] + counts[1] > nursing:
        context.problems.add(str(cells["nursing_full"]), "residents_beds", beds=nursing)
    if counts[5] is not None and counts[6] is not None and counts[6] > counts[5]:
        context.problems.add(str(cells["certified_caregivers"]), "certified_workers")


def _homes(context: Context, result: Registers) -> None:
    folder, lang = context.pack.folder, context.workbook.lang
    sheet_rows = context.rows(HOMES.key)
    table = read_csv_table(folder / "homes.csv", HOME_COLUMNS)
    year = str(context.workbook.base_year)
    if sheet_rows.rows == prefill.home_rows(folder, lang):
        return
    originals = [((*p[:5], p[-1]), row) for p, row in
                 zip(prefill.home_rows(folder, lang), table.rows, strict=True)]  # fmt: skip
    rows: list[dict[str, str]] = []
    all_bureau = True
    for values, cells in zip(sheet_rows.rows, sheet_rows.cells, strict=True):
        name, code, ownership, nursing, ordinary, *counts, homes = values
        if None in (code, ownership, nursing, ordinary):
            continue  # its problem is already listed
        _check_home(context, nursing, counts, cells)
        key = (name, code, ownership, nursing, ordinary, homes or 1)
        kept = _kept_or_new(originals, key)
        if kept is not None:
            all_bureau &= kept.get("confidence") in OBSERVED_CONFIDENCE
            rows.append(kept)
            continue
        rows.append({
            "township_code": code, "name_zh": name or "", "name_en": name or "",
            "homes": str(homes or 1), "nursing_beds": str(nursing),
            "ordinary_beds": str(ordinary), "public": "yes" if ownership == "public" else "no",
            "year": year, **context.provenance(),
        })  # fmt: skip
    sheet = HOMES.name(lang)
    if rows != table.rows:
        if prefill.Townships.of(context.pack).listed:  # else only the district's totals
            result.tables["homes.csv"] = CsvTable(table.columns, rows)
        totals: dict[str, int] = defaultdict(int)
        for home in rows:
            totals["beds_nursing"] += int(home["nursing_beds"])
            totals["beds_ordinary"] += int(home["ordinary_beds"])
            owner = "homes_public" if home["public"] == "yes" else "homes_private"
            totals[owner] += int(home["homes"])
        for item in ("beds_nursing", "beds_ordinary", "homes_public", "homes_private"):
            result.figures[item] = Derived(totals[item], all_bureau, sheet)
    sums = {column: _column_sum(context, HOMES.key, HOMES, column) for column in (
        "nursing_partial", "nursing_full", "ordinary_independent", "ordinary_partial",
        "ordinary_full", "caregivers", "certified_caregivers")}  # fmt: skip
    for item, columns in (
        ("residents_nursing", ("nursing_partial", "nursing_full")),
        ("residents_nursing_full", ("nursing_full",)),
        ("residents_ordinary", ("ordinary_independent", "ordinary_partial", "ordinary_full")),
        ("residents_ordinary_independent", ("ordinary_independent",)),
        ("caregivers_nursing_home", ("caregivers",)),
        ("certified_caregivers_nursing_home", ("certified_caregivers",)),
    ):
        values = [sums[column] for column in columns]
        if all(value is not None for value in values):
            result.figures[item] = Derived(sum(v for v in values if v is not None), True, sheet)


def _centres(context: Context, result: Registers) -> None:
    folder, lang = context.pack.folder, context.workbook.lang
    sheet_rows = context.rows(CENTRES.key)
    table = read_csv_table(folder / "centres.csv", CENTRE_COLUMNS)
    sheet = CENTRES.name(lang)
    users = _column_sum(context, CENTRES.key, CENTRES, "users")
    if users is not None:
        result.figures["community_place_users"] = Derived(users, True, sheet)
    if sheet_rows.rows == prefill.centre_rows(folder):
        return
    groups: dict[tuple[str, str, str], list[int]] = {}
    for row in sheet_rows.rows:
        _, code, kind, places, full_day, _, centres = row
        if None in (code, kind, places, full_day):
            continue
        group = groups.setdefault((code, kind, full_day), [0, 0, 0])
        group[0] += centres or 1
        group[1] += places
        group[2] += 1
    originals = [((r["township_code"], r["kind"], r["full_day_care"], r["centres"], r["places"]), r)
                 for r in table.rows]  # fmt: skip
    rows, all_bureau = [], True
    for (code, kind, full_day), (centres, places, _count) in groups.items():
        kept = _kept_or_new(originals, (code, kind, full_day, str(centres), str(places)))
        all_bureau &= kept is None or kept.get("confidence") in OBSERVED_CONFIDENCE
        rows.append(kept or {
            "township_code": code, "kind": kind, "centres": str(centres), "places": str(places),
            "full_day_care": full_day, "year": str(context.workbook.base_year),
            **context.provenance(),
        })  # fmt: skip
    if rows != table.rows:
        if prefill.Townships.of(context.pack).listed:  # else only the district's totals
            result.tables["centres.csv"] = CsvTable(table.columns, rows)
        for kind, item in (("community", "community_centres"), ("regional", "township_centres")):
            total = sum(int(r["centres"]) for r in rows if r["kind"] == kind)
            result.figures[item] = Derived(total, all_bureau, sheet)


def _older(context: Context, result: Registers) -> None:
    """The 60+ by township: a sheet changed from the template is the bureau's whole table
    (every cell filled), giving the 60+ total and the townships' shares of it."""
    pack, lang = context.pack, context.workbook.lang
    townships = prefill.Townships.of(pack)
    sheet_rows = context.rows(OLDER.key)
    template = prefill.older_rows(pack, context.workbook.base_year, townships)
    if not sheet_rows.rows or sheet_rows.rows == template:
        return
    persons: dict[str, int] = {}
    for values, cells in zip(sheet_rows.rows, sheet_rows.cells, strict=True):
        for column, value in zip(OLDER.columns[1:], values[1:], strict=True):
            if value is None:
                context.problems.add(str(cells[column.key]), "older_cell")
        persons[values[0]] = sum(v for v in values[1:] if v is not None)
    total = sum(persons.values())
    result.figures["population_60plus"] = Derived(total, True, OLDER.name(lang))
    index = {column.key: i for i, column in enumerate(OLDER.columns)}
    band_totals = {band: sum(row[index[band[0]]] or 0 for row in sheet_rows.rows)
                   for band in OLDER_BANDS}  # fmt: skip
    _age_structure(context, band_totals, result)
    if not townships.listed or total == 0:
        return
    table = read_csv_table(pack.folder / "townships.csv")
    rows = []
    source, source_zh = context.source
    for unit in table.rows:
        share = f"{persons.get(unit['code'], 0) / total:.9f}"
        changed = {"share_60plus": share, "share_60plus_low": share, "share_60plus_high": share}
        if any(unit[k] != v for k, v in changed.items()):
            # The row's other figures keep their source; the share names its own.
            unit = {**unit, **changed,
                    "source": f"{unit['source']}; share_60plus: {source}",
                    "source_zh": f"{unit['source_zh']}；60岁及以上人口占比：{source_zh}",
                    }  # fmt: skip
        rows.append(unit)
    if rows != table.rows:
        result.tables["townships.csv"] = CsvTable(table.columns, rows)


def _age_structure(
    context: Context, band_totals: dict[tuple[str, int, int], int], result: Registers
) -> None:
    """The base year's 60+ rows of population.csv with each 10-year band at the bureau's
    total (`band_totals`: OLDER_BANDS entry -> persons), split over its 5-year bands and
    sexes as the pack's rows were, in whole persons. A pack without those rows keeps its
    file: the age structure then comes from its shape (`population_shape.csv`)."""
    path = context.pack.folder / "population.csv"
    if not path.is_file():
        return
    table = read_csv_table(path)
    year = str(context.workbook.base_year)
    rows = [dict(row) for row in table.rows]
    source, _ = context.source
    for (_, first, last), band_total in band_totals.items():
        in_band = [first <= int(row["age_band_start"]) <= last for row in rows]
        members = [row for row, inside in zip(rows, in_band, strict=True)
                   if inside and row["year"] == year]  # fmt: skip
        weights = np.array([float(row["persons"]) for row in members])
        if not members or weights.sum() <= 0:
            continue
        for row, persons in zip(members, spread(band_total, weights), strict=True):
            # The band's total is the bureau's; its split by 5-year band and sex is not.
            row.update(persons=str(int(persons)), confidence="medium", source=source,
                       note=BAND_SPLIT_NOTE)  # fmt: skip
    if rows != table.rows:
        result.tables["population.csv"] = CsvTable(table.columns, rows)


def _by_township(context: Context, result: Registers) -> None:
    """Home care and the waiting list by township: district totals of full columns."""
    lang = context.workbook.lang
    for key, sheet, column, item in (
        (HOME_CARE.key, HOME_CARE, "caregivers", "caregivers_home_care"),
        (HOME_CARE.key, HOME_CARE, "certified_caregivers", "certified_caregivers_home_care"),
        (WAITING.key, WAITING, "waiting", "waiting_list"),
    ):
        total = _column_sum(context, key, sheet, column)
        if total is not None:
            result.figures[item] = Derived(total, True, sheet.name(lang))
    clients = _column_sum(context, HOME_CARE.key, HOME_CARE, "clients")
    if clients is not None:
        result.notes.append(text("workbook.note.clients", context.problems.lang, clients=clients))
    parts = (
        (WAITING, "waiting", "waiting_full"),
        (HOME_CARE, "caregivers", "certified_caregivers"),
    )
    for sheet, whole, part in parts:
        whole_header = sheet.header(lang, sheet.columns[sheet.index(whole)])
        rows = context.rows(sheet.key)
        for row, cells in zip(rows.rows, rows.cells, strict=True):
            total, share = row[sheet.index(whole)], row[sheet.index(part)]
            if total is not None and share is not None and share > total:
                context.problems.add(str(cells[part]), "part_of", whole=whole_header)


def _allowance_row(context: Context, row: list[Any], cells: dict[str, Any]) -> dict[str, str]:
    kind, band, age_min, age_max, health, monthly, low, high, recipients, source, note = row
    problems = context.problems
    if kind == "elderly_age" and (age_min is None or health is not None):
        problems.add(str(cells["allowance"]), "allowance_age")
    if kind == "care_disability" and (health is None or age_min is not None or age_max is not None):
        problems.add(str(cells["allowance"]), "allowance_health")
    if age_min is not None and age_max is not None and age_max < age_min:
        problems.add(str(cells["age_max"]), "age_order")
    if (low is None) != (high is None) or (
        low is not None and monthly is not None and not low <= monthly <= high
    ):
        problems.add(str(cells["monthly_yuan"]), "range")
    text_of = lambda value: "" if value is None else str(value)  # noqa: E731
    provenance = context.provenance()
    if source:
        provenance.update(source=source, source_zh=source)
    return {
        "allowance": text_of(kind), "band": text_of(band), "age_min": text_of(age_min),
        "age_max": text_of(age_max), "health": text_of(health),
        "monthly_yuan": number_text(monthly) if monthly is not None else "",
        "monthly_yuan_low": number_text(low) if low is not None else "",
        "monthly_yuan_high": number_text(high) if high is not None else "",
        "recipients": text_of(recipients), "year": str(context.workbook.base_year),
        **provenance, "note": text_of(note),
    }  # fmt: skip


def _allowances(context: Context, result: Registers) -> None:
    folder, lang = context.pack.folder, context.workbook.lang
    sheet_rows = context.rows(ALLOWANCES.key)
    template = prefill.allowance_rows(folder, lang)
    if not sheet_rows.rows or sheet_rows.rows == template:
        return
    table = read_csv_table(folder / ALLOWANCES_FILE, ALLOWANCE_COLUMNS)
    originals = [(tuple(p[:9]), row) for p, row in zip(template, table.rows, strict=True)]
    rows = []
    for row, cells in zip(sheet_rows.rows, sheet_rows.cells, strict=True):
        kept = _kept_or_new(originals, tuple(row[:9]))
        rows.append(kept if kept is not None else _allowance_row(context, row, cells))
    if rows != table.rows:
        result.tables[ALLOWANCES_FILE] = CsvTable(table.columns, rows)


def table_totals(context: Context) -> dict[str, Derived]:
    """The totals of the pack's homes.csv and centres.csv as they are, which a base-year
    figure must equal while its register is left unchanged (none without townships)."""
    if not prefill.Townships.of(context.pack).listed:
        return {}
    folder, lang = context.pack.folder, context.workbook.lang
    homes = read_csv_table(folder / "homes.csv").rows
    centres = read_csv_table(folder / "centres.csv").rows
    totals = {
        "beds_nursing": (sum(int(r["nursing_beds"]) for r in homes), HOMES),
        "beds_ordinary": (sum(int(r["ordinary_beds"]) for r in homes), HOMES),
        "community_centres": (
            sum(int(r["centres"]) for r in centres if r["kind"] == "community"), CENTRES),
        "township_centres": (
            sum(int(r["centres"]) for r in centres if r["kind"] == "regional"), CENTRES),
    }  # fmt: skip
    return {
        item: Derived(total, False, sheet.name(lang)) for item, (total, sheet) in totals.items()
    }


def read_registers(context: Context) -> Registers:
    """Every register's tables and district figures (problems added to the context's)."""
    result = Registers()
    for register in (_homes, _centres, _older, _by_township, _allowances):
        register(context, result)
    return result
