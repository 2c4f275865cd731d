"""The workbook's sheets and columns, shared by the writer and the reader.

Every sheet has its header in row 1 and its rows from row 2. A sheet of fixed rows (the
base-year figures, the tables by township) lists its rows itself and only some of its
columns take input; a register (homes, centres, allowances) takes any number of rows,
one per home, centre or allowance band, and a blank row is skipped. Sheet names, headers
and the shown words of choices are the catalogue's (`workbook.*`), in the workbook's
language; the reader takes a choice in either language.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.catalogue import LANGUAGES, text

#: The kinds of cell: free text, a whole number, any number, one of `choices`, a date,
#: a township of the pack.
CELL_KINDS = ("text", "whole", "number", "choice", "date", "township")
HEADER_ROW = 1
FIRST_ROW = 2
#: Blank input rows a register offers below its prefilled rows.
REGISTER_BLANK_ROWS = 200
#: The instructions sheet's input cells: who reports, and the date of the figures.
REPORTER_CELL = "B2"
DATE_CELL = "B3"
#: The first row of the instructions' text.
INSTRUCTIONS_FIRST_ROW = 5
#: The hidden sheets: the workbook's district, base year, language and format; the
#: drop-down lists.
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key (`workbook.column.<sheet>.<key>` is its header), what
    a cell holds, whether a row needs it, and whether the bureau fills it."""

    key: str
    kind: str
    required: bool = False
    #: the least whole number a cell may hold
    minimum: int = 0
    #: the stored values of a choice (`workbook.choice.<value>` is what is shown)
    choices: tuple[str, ...] = ()
    input: bool = True
    width: int = 12


@dataclass(frozen=True)
class Sheet:
    """One sheet: its key (`workbook.sheet.<key>` is its name) and columns; `fixed` when
    the workbook lists its rows (the reader keys them by the first column)."""

    key: str
    columns: tuple[Column, ...]
    fixed: bool

    def name(self, lang: str) -> str:
        """The sheet's name in `lang`."""
        return text(f"workbook.sheet.{self.key}", lang)

    def header(self, lang: str, column: Column) -> str:
        """`column`'s header in `lang`."""
        return text(f"workbook.column.{self.key}.{column.key}", lang)

    def index(self, key: str) -> int:
        """The 0-based position of column `key`."""
        return [column.key for column in self.columns].index(key)


def _counts(*keys: str) -> tuple[Column, ...]:
    return tuple(Column(key, "whole") for key in keys)


FIGURES = Sheet("figures", (
    Column("item", "text", input=False, width=30),
    Column("name", "text", input=False, width=24),
    Column("definition", "text", input=False, width=48),
    Column("unit", "text", input=False, width=8),
    Column("current", "number", input=False),
    Column("estimate", "text", input=False, width=10),
    Column("value", "whole", width=14),  # every figure is a count
    Column("source", "text", width=30),
    Column("date", "date", width=14),
), fixed=True)  # fmt: skip
HOMES = Sheet("homes", (
    Column("name", "text", width=28),
    Column("township", "township", required=True, width=16),
    Column("ownership", "choice", required=True, choices=("public", "private")),
    Column("nursing_beds", "whole", required=True),
    Column("ordinary_beds", "whole", required=True),
    *_counts("nursing_partial", "nursing_full", "ordinary_independent", "ordinary_partial",
             "ordinary_full", "caregivers", "certified_caregivers"),
    Column("homes", "whole", minimum=1),
), fixed=False)  # fmt: skip
CENTRES = Sheet("centres", (
    Column("name", "text", width=24),
    Column("township", "township", required=True, width=16),
    Column("kind", "choice", required=True, choices=("community", "regional"), width=18),
    Column("places", "whole", required=True),
    Column("full_day_care", "choice", required=True, choices=("yes", "no")),
    Column("users", "whole"),
    Column("centres", "whole", minimum=1),
), fixed=False)  # fmt: skip
OLDER = Sheet("older", (
    Column("township", "township", input=False, width=16),
    *_counts("age_60_69", "age_70_79", "age_80_89", "age_90_plus"),
), fixed=True)  # fmt: skip
HOME_CARE = Sheet("home_care", (
    Column("township", "township", input=False, width=16),
    *_counts("clients", "caregivers", "certified_caregivers"),
), fixed=True)  # fmt: skip
WAITING = Sheet("waiting", (
    Column("township", "township", input=False, width=16),
    *_counts("waiting", "waiting_full"),
), fixed=True)  # fmt: skip
ALLOWANCES = Sheet("allowances", (
    Column("allowance", "choice", required=True, choices=("elderly_age", "care_disability"),
           width=16),
    Column("band", "text", width=16),
    *_counts("age_min", "age_max"),
    Column("health", "choice", choices=("partial", "full")),
    Column("monthly_yuan", "number", required=True),
    Column("monthly_yuan_low", "number"),
    Column("monthly_yuan_high", "number"),
    Column("recipients", "whole"),
    Column("source", "text", width=30),
    Column("note", "text", width=30),
), fixed=False)  # fmt: skip
#: The data sheets, in the workbook's order (after the instructions).
SHEETS = (FIGURES, HOMES, CENTRES, OLDER, HOME_CARE, WAITING, ALLOWANCES)
#: The age bands of the 60+ sheet: (column, first 5-year band, last 5-year band).
OLDER_BANDS = (("age_60_69", 60, 65), ("age_70_79", 70, 75), ("age_80_89", 80, 85),
               ("age_90_plus", 90, 95))  # fmt: skip


def choice_label(value: str, lang: str) -> str:
    """What the workbook shows for the stored choice `value`."""
    return text(f"workbook.choice.{value}", lang)


def choice_value(shown: str, choices: tuple[str, ...]) -> str | None:
    """The stored value a shown choice means (in any language, or the value itself)."""
    for value in choices:
        if shown == value or any(shown == choice_label(value, lang) for lang in LANGUAGES):
            return value
    return None
