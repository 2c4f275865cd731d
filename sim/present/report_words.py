"""The Word and Markdown reports' own words: headings, table and figure titles, their
notes and source lines, the title page and the optimisation section. They live in the
catalogue (`sim/catalogue/<lang>/report.po`); these are its sections, by language
(`WORDS['zh']['title']`). The sentences built from numbers are messages of the
`findings` domain (`findings.*`, `advice.*`), filled in by their rules
(`sim.present.findings`, `sim.present.advice`).
"""

from __future__ import annotations

from sim.catalogue import Section

WORDS = Section("report")
OPTIMISE_WORDS = Section("report_optimise")
#: The source line under every table and figure, by what the figures come from.
SOURCES = Section("report_source")
