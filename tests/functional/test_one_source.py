"""Every figure a reader sees comes from one place: a comparison of three shipped
2026-2030 scenarios (a twentieth of the district, 3 replications) reported in Word,
Excel and the comparison's own costs.csv. The cost period is named and the same
everywhere, base-year figures are the pack's in every table, the recommended scenario
is the one its stated rule picks from the folder's tables, and every table and figure
carries a source line."""

from __future__ import annotations

import json
import re

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from conftest import ROOT

from sim.cli import main

FIFTEENTH = ROOT / "scenarios" / "15th"
NAMES = ("no-new-investment", "workforce-first-2030", "targets-2030")


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-source")
    files = []
    for name in NAMES:
        path = root / f"{name}.yaml"
        document = {"extends": str(FIFTEENTH / f"{name}.yaml"), "population_scale": 0.05}
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        files.append(str(path))
    out = root / "cmp"
    assert main(["compare", *files, "--replications", "3", "--out", str(out), "--quiet",
                 "--no-charts"]) == 0  # fmt: skip
    report = root / "report.docx"
    assert main(["report", str(out), "--out", str(report), "--quiet"]) == 0
    workbook = root / "report.xlsx"
    assert main(["report", str(out), "--out", str(workbook), "--quiet"]) == 0
    return out, docx.Document(str(report)), openpyxl.load_workbook(workbook)


def _table_titled(document, title_part: str):
    """The Word table whose caption (the paragraph before it) contains `title_part`."""
    body = document.element.body
    caption = ""
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            caption = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
        elif child.tag.endswith("}tbl") and title_part in caption:
            return next(t for t in document.tables if t._tbl is child)
    raise AssertionError(f"no table titled {title_part!r}")


def _paragraph_after_each(document, kind: str) -> list[tuple[str, str]]:
    """(caption, text after it) for every table ('表') or figure caption ('图')."""
    texts = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            texts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            texts.append("<table>")
    pairs = []
    for index, text in enumerate(texts):
        if re.match(rf"{kind}\d+　", text):
            after = texts[index + 1 : index + 3]
            pairs.append((text, after[1] if kind == "表" else after[0]))
    return pairs


def test_costs_csv_names_the_years_it_sums_and_sums_them(comparison) -> None:
    out, _, _ = comparison
    costs = pd.read_csv(out / "costs.csv")
    tidy = pd.read_parquet(out / "indicators.parquet")
    assert set(costs["first_year"]) == {2026} and set(costs["last_year"]) == {2030}
    window = tidy[(tidy["indicator"] == "cost_public") & tidy["year"].between(2026, 2030)]
    by_scenario = window.groupby(["scenario", "replication"])["value"].sum().groupby("scenario")
    for row in costs.itertuples(index=False):
        assert row.total_public_cost_yuan == pytest.approx(by_scenario.mean()[row.scenario])


def test_the_report_and_workbook_costs_are_costs_csv(comparison) -> None:
    out, document, workbook = comparison
    costs = pd.read_csv(out / "costs.csv").set_index("scenario")
    outlook = _table_titled(document, "目标达成与2026—2030年成本")
    head = [cell.text for cell in outlook.rows[0].cells]
    column = next(i for i, text in enumerate(head) if text.startswith("区级财政支出"))
    public = [row.cells[column].text for row in outlook.rows[1:]]
    assert public == [f"{v / 1e8:,.2f}" for v in costs["total_public_cost_yuan"]]
    table = _table_titled(document, "2026—2030年成本与服务人次")
    unit = table.rows[0].cells[1].text
    divisor = 1e8 if "亿元" in unit else 1e4
    digits = 2 if divisor == 1e8 else 0
    public = [row.cells[1].text.split("\n")[0] for row in table.rows[1:]]
    assert public == [f"{v / divisor:,.{digits}f}" for v in costs["total_public_cost_yuan"]]
    sheet = workbook["成本"]
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {row[header.index("起始年份")] for row in rows} == {2026}
    assert {row[header.index("终止年份")] for row in rows} == {2030}
    assert [row[header.index("区级财政支出（万元）")] for row in rows] == pytest.approx(
        list(costs["total_public_cost_yuan"] / 1e4)
    )
    summary = "".join(p.text for p in document.paragraphs)
    assert "2026—2030年财政支出" in summary


def test_every_base_year_figure_is_the_packs_in_every_table(comparison) -> None:
    out, document, _ = comparison
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stated = manifest["base_state"][NAMES[0]]["indicators"]
    older = f"{stated['population_60plus']:,.0f}"
    population = _table_titled(document, "老年人口与健康状况")
    header = [cell.text for cell in population.rows[0].cells]
    base_column = header.index("2025")
    rows = {row.cells[0].text: row.cells[base_column].text for row in population.rows[1:]}
    assert rows["60岁及以上户籍老年人口"] == older
    assert rows["户籍人口"] == f"{stated['population_total']:,.0f}"
    zhuanlan = _table_titled(document, "专栏")
    beds = next(r for r in zhuanlan.rows if r.cells[0].text == "每千名老年人养老床位")
    assert beds.cells[2].text == f"{stated['beds_per_1000_older']:.1f}"
    for table in document.tables:
        head = [cell.text for cell in table.rows[0].cells]
        if "2025" in head:  # every by-year table (population, appendix)
            waiting = [r for r in table.rows if r.cells[0].text == "轮候人数"]
            for row in waiting:
                assert row.cells[head.index("2025")].text == f"{stated['waiting_list']:,.0f}"


def test_the_recommended_scenario_is_the_one_its_rule_picks(comparison) -> None:
    """Recomputed from indicators.parquet and the manifest alone: of the scenarios whose
    binding targets each have P(met) >= 80%, the lowest mean public cost over 2026-2030."""
    out, document, _ = comparison
    tidy = pd.read_parquet(out / "indicators.parquet")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    binding = [t for t in manifest["districts"]["huangyan"]["targets"]
               if t["attribute"] == "binding" and int(t["year"]) > 2025]  # fmt: skip
    eligible, cost = [], {}
    for name in NAMES:
        own = tidy[tidy["scenario"] == name]
        spent = own[(own["indicator"] == "cost_public") & own["year"].between(2026, 2030)]
        cost[name] = spent.groupby("replication")["value"].sum().mean()
        p_met = [np.mean(own[(own["indicator"] == t["indicator"]) & (own["year"] == t["year"])]
                         ["value"] >= t["value"]) for t in binding]  # fmt: skip
        if all(p >= 0.8 for p in p_met):
            eligible.append(name)
    titles = {name: manifest["scenarios"][name]["title"]["zh"] for name in NAMES}
    advice = [p.text for p in document.paragraphs if p.text.startswith("1．建议以")
              or p.text.startswith("1．没有情景")]  # fmt: skip
    assert advice, "no choice in the recommendations"
    if eligible:
        chosen = min(eligible, key=cost.get)
        label = titles[chosen].replace("“", "‘").replace("”", "’")
        assert advice[0].startswith(f"1．建议以“{label}”为基础编制规划")
        assert f"{cost[chosen] / 1e8:,.2f}亿元" in advice[0]
    assert "选2026—2030年财政支出均值最低者" in advice[0]


def test_every_table_and_figure_has_a_source_line(comparison) -> None:
    _, document, _ = comparison
    tables = _paragraph_after_each(document, "表")
    assert len(tables) >= 8
    for caption, after in tables:
        assert after.startswith("资料来源："), caption


def test_the_summary_is_short_and_cites_no_year_the_tables_do_not_show(comparison) -> None:
    _, document, _ = comparison
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("一、摘要")
    summary = []
    for text in paragraphs[start + 1 :]:
        if not re.match(r"\d+．", text):
            break
        summary.append(text)
    assert 4 <= len(summary) <= 6
    assert "”“" not in "".join(summary) and "““" not in "".join(summary)
    shown = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                shown.update(re.findall(r"(20\d\d)", cell.text))
    titles = " ".join(p.text for p in document.paragraphs if re.match(r"[表图]\d+", p.text))
    shown.update(re.findall(r"(20\d\d)", titles))
    cited = set(re.findall(r"(20\d\d)年", "".join(summary)))
    assert cited <= shown, cited - shown
