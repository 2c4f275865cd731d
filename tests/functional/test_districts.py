"""Nothing is Huangyan-specific: the synthetic district runs through the whole chain, a
city-wide run tabulates each district and their total, and `sim evaluate` judges the
14th plan."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT

from sim.cli import main

SCALE = 0.1
FIFTEENTH = ROOT / "scenarios" / "15th"


def _small(tmp_path, name: str, **changes) -> str:
    path = tmp_path / f"{name}.yaml"
    document = {"extends": str(FIFTEENTH / f"{name}.yaml"), "population_scale": SCALE,
                "end_year": 2030, **changes}  # fmt: skip
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return str(path)


def test_the_synthetic_district_runs_through_the_whole_chain(tmp_path, capsys) -> None:
    files = [_small(tmp_path, name, district="synthetic-county")
             for name in ("no-new-investment", "targets-2030")]  # fmt: skip
    out = tmp_path / "cmp"
    assert main(["compare", *files, "--replications", "2", "--out", str(out), "--quiet"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["districts"]["synthetic-county"]["synthetic"] is True
    assert set(manifest["base_state"]) == {"no-new-investment", "targets-2030"}
    targets = pd.read_csv(out / "targets.csv")
    assert set(targets["indicator"]) == {"nursing_bed_share", "certified_caregivers_per_10k",
                                         "beds_per_1000_older"}  # fmt: skip
    assert main(["report", str(out), "--out", str(tmp_path / "r.docx"), "--quiet"]) == 0
    assert (tmp_path / "r.docx").stat().st_size > 10_000

    # The plan period 2020-2025 of the synthetic pack, judged against its 2025 column.
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({
        "name": "synthetic-plan", "title": {"zh": "示例", "en": "synthetic"},
        "district": "synthetic-county", "base_year": 2020, "end_year": 2025,
        "population_scale": SCALE, "supply": {"caregivers": {"hire_per_year": 30}},
    }), encoding="utf-8")  # fmt: skip
    evaluated = tmp_path / "evaluation"
    assert main(["evaluate", str(plan), "--replications", "2", "--out", str(evaluated),
                 "--no-charts", "--lang", "en"]) == 0  # fmt: skip
    table = pd.read_csv(evaluated / "evaluation.csv").set_index("indicator")
    # Nursing-type share 800 / 1600 = 50% published against a target of 50: met.
    assert table.loc["nursing_bed_share", "verdict"] == "met"
    assert table.loc["nursing_bed_share", "observed"] == pytest.approx(50.0)
    # Consortia 2 published against 3: missed.
    assert table.loc["consortia", "verdict"] == "missed"
    # Per 10,000 needs the 60+ population, only estimated: not yet known.
    assert table.loc["certified_caregivers_per_10k", "verdict"] == "not yet known"
    assert 0 <= table.loc["certified_caregivers_per_10k", "p_met"] <= 1
    printed = capsys.readouterr()
    assert "End-of-term evaluation" in printed.out
    assert "base-year figures are estimates, assumptions or defaults" in printed.err


def test_the_14th_plan_evaluation_of_huangyan(tmp_path, capsys) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({
        "extends": str(ROOT / "scenarios" / "plan-2025.yaml"), "name": "plan-2025",
        "population_scale": SCALE,
    }), encoding="utf-8")  # fmt: skip
    out = tmp_path / "evaluation"
    assert main(["evaluate", str(plan), "--replications", "2", "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out / "evaluation.csv")
    assert list(table["indicator"]) == ["nursing_bed_share", "certified_caregivers_per_10k",
                                        "consortia"]  # fmt: skip
    assert (table["base_year"] == 2020).all() and (table["final_year"] == 2025).all()
    assert list(table["target"]) == [58, 25, 10]
    # Huangyan's 2025 column is an estimate: nothing can be judged as met or missed yet.
    assert (table["verdict"] == "not yet known").all()
    assert table["observed"].isna().all()


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("city")
    scenario = _small(tmp_path, "continue-14th")
    out = tmp_path / "city"
    code = main(["run", scenario, "--district", "huangyan", "--district", "synthetic-county",
                 "--replications", "2", "--out", str(out), "--quiet", "--no-charts"])  # fmt: skip
    assert code == 0
    return out


def test_a_city_wide_run_tabulates_each_district_and_the_total(city) -> None:
    tidy = pd.read_parquet(city / "indicators.parquet")
    names = set(tidy["scenario"])
    assert names == {"continue-14th@huangyan", "continue-14th@synthetic-county",
                     "continue-14th@total"}  # fmt: skip
    # Each row names its area: a district, or the city (the packs name different cities,
    # so the total is the generic `city`), and the record gives each district its parent.
    areas = tidy.groupby("scenario")["area"].unique().map(list).to_dict()
    assert areas == {"continue-14th@huangyan": ["huangyan"],
                     "continue-14th@synthetic-county": ["synthetic-county"],
                     "continue-14th@total": ["city"]}  # fmt: skip
    record = json.loads((city / "manifest.json").read_text(encoding="utf-8"))
    assert record["areas"]["huangyan"]["parent"] == "city"
    assert record["areas"]["city"]["kind"] == "city"
    wide = tidy.pivot_table(index=["replication", "year", "indicator"], columns="scenario",
                            values="value")  # fmt: skip
    parts = wide[["continue-14th@huangyan", "continue-14th@synthetic-county"]]
    total = wide["continue-14th@total"]
    for indicator in ("population_60plus", "beds_total", "caregivers", "cost_total", "gave_up"):
        rows = wide.index.get_level_values("indicator") == indicator
        assert np.allclose(total[rows], parts[rows].sum(axis=1)), indicator
    # Shares are recomputed from their parts, not added.
    share = total.xs("nursing_bed_share", level="indicator")
    nursing = total.xs("beds_nursing", level="indicator")
    beds = total.xs("beds_total", level="indicator")
    assert np.allclose(share, 100 * nursing / beds)
    assert "p90_wait_days" not in set(
        tidy.loc[tidy["scenario"].str.endswith("@total"), "indicator"]
    )
    targets = pd.read_csv(city / "targets.csv")
    assert "continue-14th@total" in set(targets["scenario"])
    # `targets: district`: each district is scored against its own pack's targets.
    share_2030 = targets[(targets["indicator"] == "nursing_bed_share") & (targets["year"] == 2030)]
    by_scenario = share_2030.set_index("scenario")["target"]
    assert by_scenario["continue-14th@huangyan"] == 73
    assert by_scenario["continue-14th@synthetic-county"] == 60


def test_a_city_wide_run_is_the_same_on_dask(city, tmp_path) -> None:
    scenario = _small(tmp_path, "continue-14th")
    out = tmp_path / "city-dask"
    code = main(["run", scenario, "--district", "huangyan", "--district", "synthetic-county",
                 "--replications", "2", "--out", str(out), "--quiet", "--no-charts",
                 "--backend", "dask", "--jobs", "2"])  # fmt: skip
    assert code == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(city / "indicators.parquet"),
        pd.read_parquet(out / "indicators.parquet"),
        check_exact=True,
    )


def test_a_city_wide_run_with_a_bad_pack_is_its_error_line_alone(tmp_path, capsys) -> None:
    import shutil

    bad = tmp_path / "bad-county"
    shutil.copytree(ROOT / "data" / "districts" / "synthetic-county", bad)
    observed = bad / "observed.csv"
    lines = observed.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[2] = "-5"  # a negative count
    observed.write_text("\n".join([lines[0], ",".join(fields), *lines[2:]]) + "\n",
                        encoding="utf-8")  # fmt: skip
    out = tmp_path / "city"
    code = main(["run", _small(tmp_path, "continue-14th"), "--district", "huangyan",
                 "--district", str(bad), "--replications", "1", "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "observed.csv" in err[0] and fields[1] in err[0]
    assert not out.exists()
