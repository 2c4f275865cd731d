"""A run by township's figures as the reports read them: one scenario's means in one
year, a row per township in the order the manifest records them, and each township's
name. Plain tables in, plain tables out (no report inputs), so that the report's inputs
and its township tables can both use them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd


def means_by_township(
    summary: pd.DataFrame, places: Mapping[str, Any], scenario: str, year: int,
    indicators: Sequence[str],
) -> pd.DataFrame:  # fmt: skip
    """The means of `indicators` of `scenario` in `year` from a township summary
    (scenario, area, year, indicator, mean, …), one row per township of `places`
    (`districts[d]["places"]` of the manifest) in its order; index: the township's code
    (text), columns: `indicators` (NaN where the summary has no value)."""
    rows = summary[(summary["scenario"] == scenario) & (summary["year"] == year)
                   & summary["indicator"].isin(indicators)]  # fmt: skip
    wide = rows.pivot_table(index="area", columns="indicator", values="mean", aggfunc="first")
    wide.index = wide.index.astype(str)
    codes = [str(code) for code in places["codes"]]
    return wide.reindex(index=codes, columns=list(indicators))


def township_name(places: Mapping[str, Any], index: int, lang: str) -> str:
    """The name in `lang` of the township at `index` of `places` (its code when the
    record has no name)."""
    names = (places.get("names") or {}).get(lang) or []
    return str(names[index]) if index < len(names) else str(places["codes"][index])
