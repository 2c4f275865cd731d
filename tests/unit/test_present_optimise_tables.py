"""The optimisation section's tables and sentences on a hand-built record: each goal
names its area (the district or a township), and a goal no plan meets is a sentence in
the report's language, with the goal's area and year, never its key or 'inf'."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from sim.present.optimise_tables import infeasible_sentences, optimised_goal_rows

AREAS = {
    "zh": {"district": "黄岩区", "331003200": "屿头乡"},
    "en": {"district": "Huangyan District", "331003200": "Yutou Township"},
}
LEVERS = [
    {"id": "beds", "min": 0, "max": 200, "step": 40,
     "title": {"zh": "每年新建护理型床位（张）", "en": "New nursing-type beds a year"}},
    {"id": "hire", "min": 0, "max": 300, "step": 20,
     "title": {"zh": "居家上门服务每年加招（人）", "en": "Home-care hires a year"}},
]  # fmt: skip


def _goal(goal: str, indicator: str, area: str, sense: str = "at_least") -> dict:
    return {"goal": goal, "indicator": indicator, "year": 2030, "sense": sense,
            "target": 70.0, "required_probability": 0.8, "verified_p_met": 0.5,
            "p_met_low": 0.3, "p_met_high": 0.7, "verified_mean": 61.5, "binding": False,
            "main_lever": "hire", "area": area}  # fmt: skip


RECORD = {
    "levers": LEVERS,
    "goals_table": pd.DataFrame([
        _goal("home_care_need_met@2030", "home_care_need_met", "district"),
        _goal("home_care_need_met@2030@331003200", "home_care_need_met", "331003200"),
        _goal("waiting_list@2030@331003200", "waiting_list", "331003200", "at_most"),
    ]),
    "infeasible": [
        {"goal": "home_care_need_met@2030@331003200", "needed": 79.1, "reachable": 49.1,
         "lever": "hire", "lever_needed": 520.0, "lever_bound": 300.0, "higher": True},
        {"goal": "home_care_need_met@2030", "needed": 75.0, "reachable": 40.0,
         "lever": "beds", "lever_needed": np.inf, "lever_bound": 0.0, "higher": True},
        {"goal": "waiting_list@2030@331003200", "needed": -3.0, "reachable": 12.0,
         "lever": "beds", "lever_needed": 260.0, "lever_bound": 200.0, "higher": False},
    ],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_goal_names_its_area(lang: str) -> None:
    table = optimised_goal_rows(RECORD, AREAS[lang], lang)
    area = table.columns[1]
    assert list(table[area]) == [AREAS[lang]["district"], *[AREAS[lang]["331003200"]] * 2]


def test_a_goal_no_plan_meets_is_a_chinese_sentence() -> None:
    first, second, third = infeasible_sentences(RECORD, AREAS["zh"], "zh")
    assert first.startswith("居家上门服务需求满足率（屿头乡，2030年）")
    assert "79.1" in first and "49.1" in first and "520" in first and "300" in first
    assert "居家上门服务每年加招（人）" in first
    assert second.startswith("居家上门服务需求满足率（黄岩区，2030年）")
    assert "各项投入均不能改变它" in second  # the lever does not move it: no 'inf'
    assert "可能无法实现" in third  # an at-most goal the spread alone misses
    for sentence in (first, second, third):
        assert not re.search(r"[A-Za-z@]", sentence), sentence


def test_a_goal_no_plan_meets_is_an_english_sentence() -> None:
    sentences = infeasible_sentences(RECORD, AREAS["en"], "en")
    assert sentences[0].startswith("Home-care need met (Yutou Township, 2030): needs a mean")
    assert "no lever moves it" in sentences[1]
    assert "out of reach" in sentences[2]
    for sentence in sentences:
        assert "inf " not in sentence and "@" not in sentence
        assert not re.search(r"[\u4e00-\u9fff]", sentence), sentence


@pytest.mark.parametrize(("lang", "binds"), [("zh", "是"), ("en", "yes")])
def test_the_terminal_names_each_goal_by_indicator_area_and_year(
    lang: str, binds: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sim.present.terminal import print_goals_check

    monkeypatch.setenv("COLUMNS", "160")
    table = RECORD["goals_table"].assign(binding=[True, False, False])
    print_goals_check(table, lang, AREAS[lang])
    printed = capsys.readouterr().out
    township = AREAS[lang]["331003200"]
    assert f"{township}" in printed and AREAS[lang]["district"] in printed
    assert "@" not in printed and "home_care_need_met" not in printed
    lines = [line for line in printed.splitlines() if township in line]
    assert len(lines) == 2 and binds not in lines[0]
    assert binds in next(line for line in printed.splitlines() if AREAS[lang]["district"] in line)
