"""Distributions of the uncertain inputs, and the draws a replication takes from them."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shipped

from sim.config.data import load_default_data
from sim.config.pack_readers import load_pack
from sim.config.uncertainty import (
    Distribution,
    drawn_figures,
    drawn_parameters,
    uncertain_figures,
    uncertain_parameters,
)
from sim.model import rng
from sim.model.spec import CHOICE_GROUPS, PLACE_PARAMETERS

U = np.linspace(0.0005, 0.9995, 2000)


@pytest.mark.parametrize("kind", ["uniform", "triangular", "lognormal"])
def test_every_distribution_stays_in_its_range_and_rises(kind) -> None:
    distribution = Distribution(kind, 2.0, 3.0, 8.0)
    values = np.array([distribution.quantile(u) for u in U])
    assert values.min() >= 2.0 and values.max() <= 8.0
    assert (np.diff(values) >= 0).all()
    assert distribution.quantile(0.0) == pytest.approx(2.0)
    assert distribution.quantile(1.0) == pytest.approx(8.0)


def test_each_distribution_puts_its_weight_where_it_says() -> None:
    triangular = np.array([Distribution("triangular", 0.0, 1.0, 4.0).quantile(u) for u in U])
    # A triangle with its mode at 1 on [0, 4]: a quarter of the mass lies below the mode.
    assert np.mean(triangular < 1.0) == pytest.approx(0.25, abs=0.01)
    lognormal = Distribution("lognormal", 50.0, 100.0, 200.0)
    assert lognormal.quantile(0.5) == pytest.approx(100.0, rel=0.01)  # the median is the value
    uniform = np.array([Distribution("uniform", 3.0, 5.0, 9.0).quantile(u) for u in U])
    assert uniform.mean() == pytest.approx(6.0, rel=0.01)


def test_every_parameter_with_a_range_has_a_distribution_and_a_reason() -> None:
    data = load_default_data()
    drawn = uncertain_parameters(data)
    for name, record in data.parameters.items():
        assert record.distribution in ("fixed", "uniform", "triangular", "lognormal"), name
        assert record.distribution_reason, name
        if record.low < record.high and record.distribution != "fixed":
            # A district that is one pool has no use for the townships' figures.
            assert (name in drawn) is (name not in PLACE_PARAMETERS), name
    assert len(drawn) >= 60
    assert PLACE_PARAMETERS and not PLACE_PARAMETERS & set(drawn)


def test_draws_stay_in_range_and_the_choice_shares_sum_to_one() -> None:
    data = load_default_data()
    distributions = uncertain_parameters(data)
    for replication in range(20):
        values = drawn_parameters(data, None, {}, 2025, replication)
        for name, distribution in distributions.items():
            assert distribution.low <= values[name] <= distribution.high, name
        for names in CHOICE_GROUPS.values():
            assert sum(values[n] for n in names) == pytest.approx(1.0)
            assert min(values[n] for n in names) >= 0


def test_a_scenario_fixes_what_it_sets_and_draws_the_same_in_every_scenario() -> None:
    data = load_default_data()
    free = drawn_parameters(data, None, {}, 2025, 3)
    fixed = drawn_parameters(data, None, {"mean_patience_full_days": 200.0}, 2025, 3)
    assert "mean_patience_full_days" not in fixed
    # The other inputs draw the same values whatever a scenario fixes: draws are per input.
    assert all(fixed[name] == free[name] for name in fixed if name != "choice_full_family")
    assert drawn_parameters(data, None, {}, 2025, 3) == free
    assert drawn_parameters(data, None, {}, 2025, 4) != free


def test_a_district_parameter_is_drawn_around_the_districts_value() -> None:
    data = load_default_data()
    pack = load_pack("huangyan")
    name = "registered_population_growth_per_year"
    own = pack.parameters[name]
    distribution = uncertain_parameters(data, pack)[name]
    assert (distribution.low, distribution.value, distribution.high) == (
        own.low,
        own.value,
        own.high,
    )
    draws = [drawn_parameters(data, pack, {}, 2025, k)[name] for k in range(200)]
    assert own.low <= min(draws) and max(draws) <= own.high
    # Triangular (0, 0.0027, 0.006): mean 0.0029, far from the default of 0.
    assert np.mean(draws) == pytest.approx((own.low + own.value + own.high) / 3, abs=0.0004)


def test_a_district_parameter_without_a_range_is_not_drawn(tmp_path) -> None:
    import shutil

    folder = tmp_path / "pack"
    shutil.copytree(load_pack("huangyan").folder, folder)
    (folder / "parameters.csv").write_text(
        "name,value,source,confidence\nmean_patience_full_days,200,survey,medium\n",
        encoding="utf-8",
    )
    pack = load_pack(str(folder))
    data = load_default_data()
    assert "mean_patience_full_days" not in uncertain_parameters(data, pack)
    assert "mean_patience_full_days" in uncertain_parameters(data)


def test_base_year_estimates_with_a_range_are_drawn_within_it() -> None:
    pack = load_pack("huangyan")
    figures = uncertain_figures(pack, 2025)
    assert {"population_60plus", "residents_nursing", "caregivers_nursing_home"} <= set(figures)
    assert not uncertain_figures(pack, 2020).keys() & {"beds_nursing", "beds_ordinary"}  # published
    for replication in range(10):
        drawn = drawn_figures(pack, 2025, 2025, replication)
        for item, distribution in figures.items():
            assert distribution.low <= drawn[item] <= distribution.high, item


def test_parameter_streams_are_distinct_from_each_other_and_the_models() -> None:
    data = load_default_data()
    keys = [rng.stream_key(f"parameter:{name}") for name in data.parameters]
    keys += [rng.stream_key(name) for name in rng.STREAM_NAMES]
    keys += [
        rng.stream_key(f"figure:2025:{item}")
        for item in uncertain_figures(load_pack("huangyan"), 2025)
    ]
    assert len(set(keys)) == len(keys)


def test_a_scenario_without_uncertainty_takes_no_draws() -> None:
    from sim.config.resolve import inputs_for

    baseline = shipped("baseline")
    assert inputs_for(baseline, load_pack(baseline.district), load_default_data(), 0) is None
