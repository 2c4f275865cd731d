"""Today's results equal the stored ones (refresh deliberately with `make update-baseline`)."""

from __future__ import annotations

import pandas as pd
import pytest
from backtest import SCENARIOS, current_summary, stored_path


@pytest.mark.parametrize("name", SCENARIOS)
def test_summary_matches_the_stored_back_test(name) -> None:
    stored = pd.read_csv(stored_path(name))
    current = current_summary(name)
    assert list(current.columns) == list(stored.columns)
    assert len(current) == len(stored), "indicators or years changed: run make update-baseline"
    pd.testing.assert_frame_equal(
        current, stored, check_exact=False, rtol=1e-9, atol=1e-9, check_dtype=False
    )
