"""The printed tables fit the terminal, keep every name and unit whole and say which
interval they show; progress on a log is a few lines."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from rich.cells import cell_len

from sim.model.indicators import INDICATORS, PERCENT
from sim.present import terminal
from sim.present.labels import indicator_name, table_unit
from sim.present.progress import ProgressPrinter
from sim.present.tables import TABLE_INDICATORS

YEARS = range(2025, 2036)
#: Seven scenarios with titles as long as the shipped ones.
TITLES = {
    "no-new-investment": ("不新增投入", "No new investment"),
    "continue-14th": ("延续“十四五”投入", "Continue the 2021-2025 investment"),
    "targets-2030": ("实现2030年目标", "Meet the 2030 targets"),
    "beds-first-2030": ("床位优先", "Beds first"),
    "workforce-first-2030": ("护理队伍优先", "Workforce first"),
    "home-care-first-2030": ("居家照护优先", "Home care first"),
    "ltc-insurance-2030": ("长期护理保险（2027年起）", "Long-term-care insurance from 2027"),
}


def _value(indicator_id: str) -> float:
    """A value as wide as a whole district's: shares near 100, counts and yuan large."""
    if INDICATORS[indicator_id].unit == PERCENT:
        return 99.5
    return 1.23e9 if indicator_id.startswith("cost_") else 123_456.0


def _summary(names) -> pd.DataFrame:
    rows = []
    for name in names:
        for year in YEARS:
            for indicator_id in TABLE_INDICATORS:
                mean = _value(indicator_id)
                rows.append({
                    "scenario": name, "year": year, "indicator": indicator_id, "mean": mean,
                    "ci_low": mean * 0.99, "ci_high": mean * 1.01,
                    "pi_low": mean * 0.9, "pi_high": mean * 1.1, "n": 30,
                })  # fmt: skip
    return pd.DataFrame(rows)


def _targets(names) -> pd.DataFrame:
    rows = [
        {"scenario": name, "indicator": indicator_id, "year": 2030, "target": 73.0,
         "direction": "at_least", "mean": 70.1, "ci_low": 69.0, "ci_high": 71.0,
         "p_met": 0.25, "met_in_mean": False, "first_year_short": 2030}
        for name in names
        for indicator_id in ("nursing_bed_share", "certified_caregivers_per_10k")
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _documents(names) -> dict:
    return {name: {"title": {"zh": TITLES[name][0], "en": TITLES[name][1]}} for name in names}


def _printed(capsys, monkeypatch, width: int, names, lang: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    terminal.print_tables(_summary(names), _targets(names), _documents(names), lang)
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("count", [1, 2, 7])
def test_tables_fit_80_columns_with_every_name_and_unit_whole(
    capsys, monkeypatch, lang, count
) -> None:
    names = list(TITLES)[:count]
    lines = _printed(capsys, monkeypatch, 80, names, lang)
    assert max(cell_len(line) for line in lines) <= 80
    assert not any("…" in line for line in lines)
    for indicator_id in TABLE_INDICATORS:
        assert any(indicator_name(indicator_id, lang) in line for line in lines), indicator_id
        assert any(table_unit(indicator_id, lang) in line for line in lines), indicator_id
    # Every scenario's plan-year mean is printed (1,230,000,000 yuan = 123,000 万元).
    assert sum(line.count("123,000") for line in lines) >= count * 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_header_names_the_range_of_outcomes_and_the_cells_show_it(
    capsys, monkeypatch, lang
) -> None:
    text = "\n".join(_printed(capsys, monkeypatch, 80, ["targets-2030"], lang))
    assert ("均值［95%结果范围］" if lang == "zh" else "mean [95% range of outcomes]") in text
    # pi_low-pi_high of the waiting list (the summary's 2.5th-97.5th percentiles), not the CI
    assert "111,110–135,802" in text
    assert "122,221" not in text


def test_a_wider_terminal_shows_more_years(capsys, monkeypatch) -> None:
    def years_shown(width: int) -> set[str]:
        lines = _printed(capsys, monkeypatch, width, ["targets-2030"], "en")
        header = next(line for line in lines if line.startswith("indicator"))
        return set(re.findall(r"\b20\d\d\b", header))

    narrow, wide = years_shown(80), years_shown(160)
    assert "2030" in narrow and narrow < wide
    assert {"2025", "2030", "2035"} <= wide


def test_a_pipe_is_100_columns_unless_columns_says(capsys, monkeypatch) -> None:
    names = list(TITLES)
    monkeypatch.delenv("COLUMNS", raising=False)
    terminal.print_tables(_summary(names), _targets(names), _documents(names), "en")
    widest = max(cell_len(line) for line in capsys.readouterr().out.splitlines())
    assert 80 < widest <= 100


def test_seven_scenarios_print_in_few_lines(capsys, monkeypatch) -> None:
    # One table per scenario with a ruled line per row took 518 lines at any width.
    assert len(_printed(capsys, monkeypatch, 80, list(TITLES), "zh")) < 250
    assert len(_printed(capsys, monkeypatch, 120, list(TITLES), "zh")) < 150


def test_progress_in_a_log_is_a_line_per_tenth(capsys) -> None:
    progress = ProgressPrinter("sim sensitivity", "runs")
    progress.step("Morris screening: 89 inputs, 900 runs")
    for done in range(1, 901):
        progress(done, 900)
    progress.step("Sobol indices: 6 inputs, 256 runs")
    for done in range(1, 257):
        progress(done, 256)
    lines = capsys.readouterr().err.splitlines()
    counts = [line for line in lines if line.endswith("runs done")]
    morris = [line for line in counts if line.startswith("sim sensitivity: Morris screening:")]
    sobol = [line for line in counts if line.startswith("sim sensitivity: Sobol indices:")]
    assert 2 <= len(morris) <= 11 and morris[-1].endswith("900/900 runs done")
    assert 2 <= len(sobol) <= 11 and sobol[-1].endswith("256/256 runs done")
    assert "sim sensitivity: Morris screening: 89 inputs, 900 runs" in lines
