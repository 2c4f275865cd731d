"""Named streams: stable, independent of each other, no name collisions."""

from __future__ import annotations

import numpy as np

from sim.model import rng


def test_stream_names_have_distinct_keys() -> None:
    keys = [rng.stream_key(name) for name in rng.STREAM_NAMES]
    assert len(set(keys)) == len(keys)


def test_adding_a_stream_changes_no_other_stream() -> None:
    before = rng.stream(5, 3, "patience").random(100)
    rng.stream(5, 3, "a_new_stream_nobody_uses_yet").random(1000)
    after = rng.stream(5, 3, "patience").random(100)
    assert np.array_equal(before, after)


def test_streams_differ_by_name_replication_and_seed() -> None:
    base = rng.stream(5, 3, "patience").random(50)
    assert not np.array_equal(base, rng.stream(5, 3, "length_of_stay").random(50))
    assert not np.array_equal(base, rng.stream(5, 4, "patience").random(50))
    assert not np.array_equal(base, rng.stream(6, 3, "patience").random(50))


def test_streams_are_uncorrelated() -> None:
    draws = np.array([rng.stream(1, 0, name).random(20_000) for name in rng.STREAM_NAMES])
    correlation = np.corrcoef(draws)
    off_diagonal = correlation[~np.eye(len(draws), dtype=bool)]
    # 20,000 draws: the sampling sd of a correlation is about 0.007.
    assert np.abs(off_diagonal).max() < 0.035
