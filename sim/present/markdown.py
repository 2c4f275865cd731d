"""The Markdown report: the Word report's words and tables as text, with the charts as
PNG files beside it (`<stem>-<chart>.png`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from sim.present.charts import CHART_SET
from sim.present.findings import findings, recommendations
from sim.present.labels import scenario_labels
from sim.present.report_inputs import ReportInputs
from sim.present.tables import (
    base_state_rows,
    capacity_rows,
    care_at_home_rows,
    evaluation_rows,
    measure_first_rows,
    parameter_rows,
    plan_cost_rows,
    population_rows,
    zhuanlan_rows,
)
from sim.present.word import WORDS, chart_pngs


def markdown_table(table: pd.DataFrame, text_columns: int = 1) -> str:
    """A pipe table; line breaks inside cells become spaces."""

    def clean(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(clean(c) for c in table.columns) + " |"
    rule = "|" + "|".join(
        "---" if i < text_columns else "---:" for i in range(len(table.columns))
    ) + "|"  # fmt: skip
    body = [
        "| " + " | ".join(clean(v) for v in row) + " |" for row in table.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def markdown_chart_names(path: Path) -> list[Path]:
    """The chart PNGs that may be written beside a Markdown report at `path`."""
    return [path.with_name(f"{path.stem}-{spec.name}.png") for spec in CHART_SET]


def write_markdown(inputs: ReportInputs, path: Path, lang: str = "zh", *,
                   chart_folder: Path | None = None) -> list[Path]:  # fmt: skip
    """Write the report as Markdown at `path` and its chart PNGs beside it (or into
    `chart_folder`, named as `markdown_chart_names`); return every file written."""
    words = WORDS[lang]
    facts = inputs.facts(lang)
    plan, base = inputs.plan_year, inputs.base_year
    folder = chart_folder or path.parent
    written: list[Path] = []
    links: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, (png, caption) in chart_pngs(inputs, Path(scratch), lang).items():
            target = folder / f"{path.stem}-{name}.png"
            shutil.copyfile(png, target)
            written.append(target)
            links[name] = (target.name, caption)
    counters = {"table": 0, "figure": 0}

    def table(title: str, rows: pd.DataFrame, note: str = "", text_columns: int = 1) -> list[str]:
        if rows.empty:
            return []
        counters["table"] += 1
        heading = words["table"].format(number=counters["table"], title=title)
        return [f"**{heading}**", "", markdown_table(rows, text_columns), "",
                *([note, ""] if note else [])]  # fmt: skip

    def figure(name: str) -> list[str]:
        if name not in links:
            return []
        counters["figure"] += 1
        file, caption = links[name]
        text = words["figure"].format(number=counters["figure"], caption=caption)
        return [f"![{text}]({file})", "", f"*{text}*", ""]

    district = inputs.district_name(lang)
    lines = [f"# {words['title'].format(district=district)}", "",
             words["subtitle"].format(base=base, first=base + 1, plan=plan), "",
             words["intervals"], ""]  # fmt: skip
    lines += [f"## {words['summary']}", ""]
    lines += [f"{i}. {s}" for i, s in enumerate(findings(facts, lang), 1)] + [""]
    advice = recommendations(facts, lang)
    if advice:
        lines += [f"## {words['advice']}", ""]
        lines += [f"{i}. {s}" for i, s in enumerate(advice, 1)] + [""]
    lines += [f"## {words['targets']}", ""]
    lines += table(words["t_zhuanlan"].format(plan=plan), zhuanlan_rows(inputs, lang),
                   words["n_zhuanlan"].format(base=base, plan=plan)) + figure("targets"
                       "")  # fmt: skip
    lines += [f"## {words['population']}", ""]
    lines += table(words["t_population"], population_rows(inputs, lang), words["n_population"])
    lines += figure("population")
    lines += [f"## {words['capacity']}", ""]
    lines += table(words["t_capacity"].format(plan=plan), capacity_rows(inputs, lang),
                   words["n_capacity"])  # fmt: skip
    for name in ("beds", "staff", "gave_up", "waiting"):
        lines += figure(name)
    lines += [f"## {words['care_at_home']}", ""]
    lines += table(words["t_care"].format(plan=plan), care_at_home_rows(inputs, lang),
                   words["n_care"]) + figure("care_at_home")  # fmt: skip
    if len(inputs.names) > 1:
        lines += [f"## {words['costs']}", ""]
        lines += table(words["t_costs"].format(first=base + 1, last=plan),
                       plan_cost_rows(inputs, lang), words["n_costs"]) + figure("cost_outcome"
                           "")  # fmt: skip
    lines += [f"## {words['data']}", ""]
    lines += table(
        words["t_base"].format(base=base), base_state_rows(inputs, lang), words["n_base"]
    )
    lines += table(words["t_measure"], measure_first_rows(inputs, lang), words["n_measure"], 2)
    if inputs.evaluation is not None and len(inputs.evaluation):
        evaluation = inputs.evaluation
        first, last = int(evaluation["base_year"].iloc[0]), int(evaluation["final_year"].iloc[0])
        lines += [f"## {words['evaluation'].format(first=first + 1, last=last)}", ""]
        lines += table(words["t_evaluation"], evaluation_rows(evaluation, lang),
                       words["n_evaluation"])  # fmt: skip
    labels = scenario_labels(inputs.scenarios, lang)
    lines += [f"## {words['appendix_scenarios']}", ""]
    for name in inputs.names:
        lines += [f"**{labels.get(name, name)}**", ""]
        description = (inputs.scenarios.get(name, {}).get("description") or {}).get(lang)
        if description:
            lines += [str(description).strip(), ""]
    lines += [f"## {words['appendix_parameters']}", ""]
    lines += table(words["t_parameters"], parameter_rows(inputs, lang), words["n_parameters"])
    path.write_text("\n".join(lines), encoding="utf-8")
    return [path, *written]
