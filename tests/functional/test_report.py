"""`sim report`: the Word, Excel and Markdown reports read back to the numbers of the run
folder, and the Word document's pages are fit to paste: findings in words first, a 专栏
table, numbered tables and figures, page numbers, table text of 9-10.5 pt, no number
broken across lines; the Chinese report shows no identifier and no Latin word but names,
the English one no Chinese but the district pack's own.

Every figure a reader sees comes from one place: the comparison of three shipped
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
from word_tables import paragraph_after_each, table_titled

from sim.cli import main
from sim.present.labels import indicator_name
from sim.present.report import markdown_chart_names
from sim.present.text_metrics import CELL_PADDING_PT, number_tokens, text_width_pt

FIFTEENTH = ROOT / "scenarios" / "15th"
NAMES = ("no-new-investment", "targets-2030", "workforce-first-2030")
#: The standard set, with the two maps of a run by township (Huangyan's runs are).
CHARTS = {"population", "targets", "beds", "staff", "gave_up", "waiting", "care_at_home",
          "cost_outcome", "map_home_care_need_met", "map_beds_per_1000_older"}  # fmt: skip
#: An ASCII identifier with an underscore: what a Chinese reader must never see.
IDENTIFIER = re.compile(r"[A-Za-z0-9]+_[A-Za-z0-9_]+")
#: A file name, a project folder or a document's file name: nor these.
FILE_OR_PATH = re.compile(
    r"[A-Za-z0-9_-]+\.(?:yaml|csv|py|md|json|parquet)(?![A-Za-z])|(?:data|docs|scenarios)/|DATA-SOURCES"
    r"|DESIGN"
)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """A `sim compare` folder of three scenarios of the 2026-2030 plan, run to 2030 at a
    twentieth of the district, 3 replications that draw the uncertain inputs."""
    root = tmp_path_factory.mktemp("report")
    files = []
    for name in NAMES:
        path = root / f"{name}.yaml"
        document = {"extends": str(FIFTEENTH / f"{name}.yaml"), "population_scale": 0.05,
                    "end_year": 2030}  # fmt: skip
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        files.append(str(path))
    out = root / "run"
    args = ["compare", *files, "--replications", "3", "--out", str(out), "--quiet"]
    assert main(args) == 0
    return out


@pytest.fixture(scope="module")
def word_zh(run_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("zh") / "report.docx"
    assert main(["report", str(run_folder), "--out", str(out), "--quiet"]) == 0
    return docx.Document(str(out))


@pytest.fixture(scope="module")
def word_en(run_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("en") / "report.docx"
    assert main(["report", str(run_folder), "--out", str(out), "--lang", "en", "--quiet"]) == 0
    return docx.Document(str(out))


@pytest.fixture(scope="module")
def workbook_zh(run_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    assert main(["report", str(run_folder), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def report_set(run_folder, word_zh, workbook_zh):
    """The comparison folder, its Chinese Word report and its Chinese workbook."""
    return run_folder, word_zh, openpyxl.load_workbook(workbook_zh)


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def test_run_folder_holds_the_chart_set_as_png(run_folder) -> None:
    names = {p.stem for p in (run_folder / "charts").glob("*.png")}
    assert names == CHARTS
    assert not list((run_folder / "charts").glob("*.svg")), "SVG only on request"


def test_findings_in_words_come_before_the_tables(word_zh) -> None:
    body = word_zh.element.body
    paragraphs = [p.text for p in word_zh.paragraphs]
    summary = paragraphs.index("一、摘要")
    advice = paragraphs.index("二、对策建议")
    assert summary < advice
    findings = paragraphs[summary + 1 : advice]
    assert any("达成概率" in text for text in findings)
    assert any("60岁及以上户籍老年人口预计为" in text for text in findings)
    assert any(text.startswith("1．建议以") or "没有情景" in text
               for text in paragraphs[advice + 1 : advice + 3])  # fmt: skip
    # No table before the summary.
    first_table = body.index(word_zh.tables[0]._tbl)
    heading = next(p for p in word_zh.paragraphs if p.text == "一、摘要")
    assert body.index(heading._p) < first_table


def test_the_zhuanlan_table_shows_base_targets_attribute_and_p_met(run_folder, word_zh) -> None:
    table = next(t for t in word_zh.tables if t.rows[0].cells[0].text == "指标")
    header = [c.text for c in table.rows[0].cells]
    assert header[:5] == ["指标", "单位", "2025年\n基准值", "2030年\n目标", "属性"]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    share = rows[indicator_name("nursing_bed_share", "zh")]
    assert share[2] == "58.0" and share[3] == "73" and share[4] == "约束性"
    assert indicator_name("beds_per_1000_older", "zh") in rows
    assert indicator_name("caregivers_needed", "zh") in rows
    # Each scenario's cell: the 2030 mean, ✓/✗ and P(met), from the run's own replications.
    tidy = pd.read_parquet(run_folder / "indicators.parquet")
    own = tidy[(tidy["scenario"] == "targets-2030") & (tidy["indicator"] == "nursing_bed_share")
               & (tidy["year"] == 2030)]["value"]  # fmt: skip
    p_met = float((own >= 73).mean())
    cell = share[header.index("实现2030年目标")]
    mean, mark, percent = re.match(r"([\d.]+)\n([✓△✗])\u00a0(\d+)%", cell).groups()
    assert float(mean) == pytest.approx(own.mean(), abs=0.05)
    assert int(percent) == round(100 * p_met)
    assert mark == ("✓" if p_met >= 0.8 else "△" if p_met >= 0.5 else "✗")


def test_tables_and_figures_are_numbered_and_pages_carry_numbers(word_zh) -> None:
    captions = [p.text for p in word_zh.paragraphs]
    tables = [t for t in captions if re.match(r"表\d+　", t)]
    figures = [t for t in captions if re.match(r"图\d+　", t)]
    assert [int(re.match(r"表(\d+)", t).group(1)) for t in tables] == list(
        range(1, len(tables) + 1)
    )
    assert len(figures) == len(CHARTS) and len(word_zh.inline_shapes) == len(CHARTS)
    assert any("95%范围" in t for t in figures), "captions say which band they draw"
    footer = word_zh.sections[0].footer._element.xml
    assert "PAGE" in footer
    title = word_zh.paragraphs[4].text if word_zh.paragraphs[4].text else ""
    assert "黄岩区" in _all_text(word_zh)[:200] or "黄岩区" in title
    assert "基准年：2025年" in _all_text(word_zh)[:400]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_text_is_9_to_10_5_points_and_no_number_breaks(lang, word_zh, word_en) -> None:
    document = word_zh if lang == "zh" else word_en
    checked = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                available = cell.width.pt - CELL_PADDING_PT
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if not run.text:
                            continue
                        size = (run.font.size or paragraph.style.font.size).pt
                        assert 9 <= size <= 10.5, (run.text, size)
                        for token in number_tokens(run.text):
                            checked += 1
                            assert text_width_pt(token, size, bold=run.bold) <= available, (
                                f"{token!r} wraps in a cell {cell.width.cm:.2f} cm wide"
                            )
    assert checked > 200


def test_the_chinese_report_shows_no_identifier(word_zh) -> None:
    text = _all_text(word_zh)
    assert not IDENTIFIER.findall(text), IDENTIFIER.findall(text)[:10]
    assert not FILE_OR_PATH.findall(text), FILE_OR_PATH.findall(text)[:10]
    for name in NAMES:
        assert name not in text, "scenario ids stay out of the Chinese report"


#: A word in Latin script.
LATIN_WORD = re.compile(r"[A-Za-z]+")
#: A run of Chinese characters.
CHINESE = re.compile(r"[\u4e00-\u9fff]+")
#: The only Latin words the Chinese report may show, all of them names: the sampling
#: interval's (the note under the targets table), the mortality model's, the sensitivity
#: methods' and those of the sources the assumptions appendix cites (a survey, journals,
#: an author).
LATIN_IN_CHINESE = {
    "Wilson",  # Wilson interval, in the note on P(met)
    "Gompertz",  # the mortality model the life table is fitted with
    "Morris", "Sobol",  # the sensitivity methods, in a study's note (none in this run)
    "CHARLS",  # China Health and Retirement Longitudinal Study
    "BMC", "HSR", "JAMDA",  # journals: BMC Health Services Research, JAMDA
    "Yang",  # an author cited with 等 (et al.)
}  # fmt: skip


def _english_texts(node):
    """Every English text of a manifest's node: all strings but those under `zh` or a
    `*_zh` key."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "zh" and not str(key).endswith("_zh"):
                yield from _english_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _english_texts(value)
    elif isinstance(node, str):
        yield node


def _without_pack_chinese(text: str, run_folder) -> str:
    """`text` less the Chinese a district pack itself puts in an English report: its
    names (which may stand in their own script) and its English notes, quoted whole,
    which may quote a Chinese source's term (a census table's column header). Read from
    the run's manifest, the only place a report reads the pack from."""
    manifest = json.loads((run_folder / "manifest.json").read_text(encoding="utf-8"))
    packs = list(manifest["districts"].values())
    notes = [note for node in [*packs, manifest["parameters"]] for note in _english_texts(node)
             if CHINESE.search(note)]  # fmt: skip
    names = [pack[part]["zh"] for pack in packs for part in ("name", "city", "province")]
    for quoted in sorted(notes, key=len, reverse=True) + names:
        text = text.replace(quoted, "")
    return text


def test_the_chinese_report_shows_no_latin_word_but_names(word_zh) -> None:
    words = set(LATIN_WORD.findall(_all_text(word_zh)))
    assert words <= LATIN_IN_CHINESE, sorted(words - LATIN_IN_CHINESE)


def test_the_english_report_shows_no_chinese_but_the_packs_own(run_folder, word_en) -> None:
    text = _all_text(word_en)
    assert "1. Summary of findings" in text and "Huangyan" in text
    left = _without_pack_chinese(text, run_folder)
    assert not CHINESE.search(left), sorted(set(CHINESE.findall(left)))


def test_the_english_workbook_shows_no_chinese_but_the_packs_own(run_folder, tmp_path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(run_folder), "--out", str(out), "--lang", "en", "--quiet"]) == 0
    book = openpyxl.load_workbook(out)
    texts = [sheet.title for sheet in book.worksheets]
    texts += [cell.value for sheet in book.worksheets for row in sheet.iter_rows()
              for cell in row if isinstance(cell.value, str)]  # fmt: skip
    left = _without_pack_chinese("\n".join(texts), run_folder)
    assert not CHINESE.search(left), sorted(set(CHINESE.findall(left)))


def test_the_appendix_lists_the_runs_own_values(run_folder, word_zh) -> None:
    manifest = pd.read_json(run_folder / "manifest.json", typ="series")
    parameters = manifest["parameters"]["no-new-investment"]
    growth = parameters["registered_population_growth_per_year"]
    # The appendix's table, the last with a column of parameters (the main assumptions
    # of the data section come first).
    table = [t for t in word_zh.tables if t.rows[0].cells[0].text == "参数"][-1]
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    # The district pack's own value, marked as changed by the pack.
    assert rows[growth["label_zh"]] == f"{growth['value']:.4g}†"


def test_excel_sheets_are_typed_filtered_and_in_the_reports_language(
    run_folder, workbook_zh
) -> None:
    out = workbook_zh
    book = openpyxl.load_workbook(out)
    assert {"专栏目标", "逐年指标", "汇总", "成本", "参数"} <= set(book.sheetnames)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
    targets = book["专栏目标"]
    header = [c.value for c in targets[1]]
    assert header[:3] == ["情景", "指标", "单位"]
    p_column = header.index("达成概率") + 1
    cells = [targets.cell(row=r, column=p_column) for r in range(2, targets.max_row + 1)]
    assert all(0 <= c.value <= 1 and c.number_format == "0%" for c in cells)
    marks = {targets.cell(row=r, column=header.index("判断（✓≥80%，△50%—80%，✗<50%）") + 1).value
             for r in range(2, targets.max_row + 1)}  # fmt: skip
    assert marks <= {"✓", "△", "✗"}
    # Shares are fractions shown as percentages; the wide sheet matches the summary.
    summary = pd.read_csv(run_folder / "summary.csv")
    wide = pd.read_excel(out, sheet_name="逐年指标")
    row = wide[(wide["情景代码"] == "targets-2030") & (wide["指标代码"] == "nursing_bed_share")]
    expected = summary[(summary["scenario"] == "targets-2030")
                       & (summary["indicator"] == "nursing_bed_share") & (summary["year"] == 2030)]  # fmt: skip
    assert float(row["2030"].iloc[0]) == pytest.approx(expected["mean"].iloc[0] / 100)
    sheet = book["逐年指标"]
    formats = {sheet.cell(row=r, column=4).number_format for r in range(2, sheet.max_row + 1)}
    assert {"0.0%", "#,##0"} <= formats
    # Parameters: thousands separators for costs, shares as they are.
    parameters = book["参数"]
    header = [c.value for c in parameters[1]]
    value_column, id_column = header.index("取值") + 1, header.index("参数代码") + 1
    by_id = {parameters.cell(row=r, column=id_column).value:
             parameters.cell(row=r, column=value_column).number_format
             for r in range(2, parameters.max_row + 1)}  # fmt: skip
    assert by_id["cost_new_nursing_bed_yuan"] == "#,##0"
    assert by_id["caregiver_attrition_per_year"] == "General"


def test_markdown_report_and_its_charts(run_folder, tmp_path) -> None:
    out = tmp_path / "report.md"
    assert main(["report", str(run_folder), "--format", "md", "--out", str(out), "--quiet"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 一、摘要" in text and "达成概率" in text
    charts = [p for p in markdown_chart_names(out) if p.exists()]
    assert len(charts) == len(CHARTS)
    for chart in charts:
        assert f"]({chart.name})" in text
        assert chart.read_bytes()[:4] == b"\x89PNG"
    assert not list(tmp_path.glob(".*"))  # no staging files left behind


def test_a_run_draws_svg_only_on_request(tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"extends": str(FIFTEENTH / "no-new-investment.yaml"),
                                    "population_scale": 0.05}), encoding="utf-8")  # fmt: skip
    out = tmp_path / "run"
    assert main(["run", str(path), "--replications", "1", "--out", str(out), "--quiet",
                 "--svg"]) == 0  # fmt: skip
    assert {p.stem for p in (out / "charts").glob("*.svg")} == CHARTS - {"cost_outcome"}


@pytest.mark.parametrize("make", ["missing", "not_a_run"])
def test_report_on_a_bad_folder_is_one_line_and_writes_nothing(tmp_path, capsys, make) -> None:
    folder = tmp_path / "results"
    if make == "not_a_run":
        folder.mkdir()
        (folder / "summary.csv").write_text("scenario,year\n")
    out = tmp_path / "out" / "report.docx"
    code = main(["report", str(folder), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and str(folder) in err[0]
    assert not out.exists() and not out.parent.exists()


def test_existing_report_is_kept_without_force(run_folder, tmp_path, capsys) -> None:
    out = tmp_path / "report.xlsx"
    out.write_text("mine")
    code = main(["report", str(run_folder), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--force" in err[0]
    assert out.read_text() == "mine"
    assert main(["report", str(run_folder), "--out", str(out), "--force", "--quiet"]) == 0
    assert out.read_bytes()[:2] == b"PK"  # a zip: the workbook replaced the file


def test_the_report_reuses_the_run_folders_charts(run_folder, tmp_path) -> None:
    """The PNGs embedded in the Word file are the run folder's own, byte for byte."""
    out = tmp_path / "report.docx"
    assert main(["report", str(run_folder), "--out", str(out), "--quiet"]) == 0
    document = docx.Document(str(out))
    embedded = {part.blob for part in document.part.package.parts
                if part.content_type == "image/png"}  # fmt: skip
    drawn = {p.read_bytes() for p in (run_folder / "charts").glob("*.png")}
    assert embedded == drawn


def test_a_single_scenario_of_one_replication_reports_in_every_format(tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"extends": str(FIFTEENTH / "targets-2030.yaml"),
                                    "population_scale": 0.05}), encoding="utf-8")  # fmt: skip
    out = tmp_path / "run"
    assert main(["run", str(path), "--replications", "1", "--out", str(out), "--quiet"]) == 0
    for suffix in ("docx", "xlsx", "md"):
        report = tmp_path / f"report.{suffix}"
        assert main(["report", str(out), "--out", str(report), "--quiet"]) == 0
        assert report.stat().st_size > 1000
    text = _all_text(docx.Document(str(tmp_path / "report.docx")))
    assert "一、摘要" in text and "达成概率" in text


def test_a_report_reads_the_run_folder_alone(run_folder, tmp_path, monkeypatch) -> None:
    """Nothing under data/ is read when a run is reported: packs and tables are in the
    manifest."""
    import sys

    def refuse(*_args, **_kwargs):
        raise AssertionError("a report read data/")

    # Every module's own reference to the two readers of data/.
    for module in [m for name, m in sys.modules.items() if name.startswith("sim")]:
        for reader in ("load_pack", "load_default_data"):
            if hasattr(module, reader):
                monkeypatch.setattr(module, reader, refuse)
    for suffix in ("docx", "xlsx"):
        assert main(["report", str(run_folder), "--out", str(tmp_path / f"r.{suffix}"),
                     "--quiet"]) == 0  # fmt: skip


# ---- one source for every figure ---------------------------------------------------


def test_costs_csv_names_the_years_it_sums_and_sums_them(report_set) -> None:
    out, _, _ = report_set
    costs = pd.read_csv(out / "costs.csv")
    tidy = pd.read_parquet(out / "indicators.parquet")
    assert set(costs["first_year"]) == {2026} and set(costs["last_year"]) == {2030}
    window = tidy[(tidy["indicator"] == "cost_public") & tidy["year"].between(2026, 2030)]
    by_scenario = window.groupby(["scenario", "replication"])["value"].sum().groupby("scenario")
    for row in costs.itertuples(index=False):
        assert row.total_public_cost_yuan == pytest.approx(by_scenario.mean()[row.scenario])


def test_the_report_and_workbook_costs_are_costs_csv(report_set) -> None:
    out, document, workbook = report_set
    costs = pd.read_csv(out / "costs.csv").set_index("scenario")
    outlook = table_titled(document, "目标达成与2026—2030年成本")
    head = [cell.text for cell in outlook.rows[0].cells]
    column = next(i for i, text in enumerate(head) if text.startswith("区级财政支出"))
    public = [row.cells[column].text for row in outlook.rows[1:]]
    assert public == [f"{v / 1e8:,.2f}" for v in costs["total_public_cost_yuan"]]
    table = table_titled(document, "2026—2030年成本与服务人次")
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


def test_every_base_year_figure_is_the_packs_in_every_table(report_set) -> None:
    out, document, _ = report_set
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stated = manifest["base_state"][NAMES[0]]["indicators"]
    older = f"{stated['population_60plus']:,.0f}"
    population = table_titled(document, "老年人口与健康状况")
    header = [cell.text for cell in population.rows[0].cells]
    base_column = header.index("2025")
    rows = {row.cells[0].text: row.cells[base_column].text for row in population.rows[1:]}
    assert rows["60岁及以上户籍老年人口"] == older
    assert rows["户籍人口"] == f"{stated['population_total']:,.0f}"
    zhuanlan = table_titled(document, "专栏")
    beds = next(r for r in zhuanlan.rows if r.cells[0].text == "每千名老年人养老床位")
    assert beds.cells[2].text == f"{stated['beds_per_1000_older']:.1f}"
    for table in document.tables:
        head = [cell.text for cell in table.rows[0].cells]
        if "2025" in head:  # every by-year table (population, appendix)
            waiting = [r for r in table.rows if r.cells[0].text == "轮候人数"]
            for row in waiting:
                assert row.cells[head.index("2025")].text == f"{stated['waiting_list']:,.0f}"


def test_the_recommended_scenario_is_the_one_its_rule_picks(report_set) -> None:
    """Recomputed from indicators.parquet and the manifest alone: of the scenarios whose
    binding targets each have P(met) >= 80%, the lowest mean public cost over 2026-2030."""
    out, document, _ = report_set
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


def test_every_table_and_figure_has_a_source_line(report_set) -> None:
    _, document, _ = report_set
    tables = paragraph_after_each(document, "表")
    assert len(tables) >= 8
    for caption, after in tables:
        assert after.startswith("资料来源："), caption


def test_the_summary_is_short_and_cites_no_year_the_tables_do_not_show(report_set) -> None:
    _, document, _ = report_set
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
