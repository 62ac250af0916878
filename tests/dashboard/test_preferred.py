"""The preferred-figure rule (dashboard/preferred.py), on hand-made points."""

from __future__ import annotations

import pandas as pd

from dashboard import preferred


def _point(*rows: tuple) -> pd.DataFrame:
    """(source_id, kind, qualifier, published, value[, override]) rows of one point."""
    out = []
    for sid, kind, qualifier, published, value, *override in rows:
        out.append({"indicator_id": "i", "period_start": "2021-01-01",
                    "period_end": "2021-12-31", "geography": "WLD", "breakdown": "total",
                    "source_id": sid, "source_kind": kind, "qualifier": qualifier,
                    "published_end": pd.Timestamp(published) if published else pd.NaT,
                    "value": value, "override": bool(override and override[0])})
    return pd.DataFrame(out)


def chosen(df: pd.DataFrame) -> list[str]:
    return df.loc[preferred.mark(df), "source_id"].tolist()


def test_primary_beats_secondary_beats_unverified_whatever_the_dates():
    df = _point(("blog", "unverified", "exact", "2026-01-01", 3),
                ("news", "secondary", "exact", "2025-01-01", 2),
                ("ncmec", "primary", "approx", "2020-01-01", 1))
    assert chosen(df) == ["ncmec"]


def test_then_the_most_specific_figure():
    df = _point(("a", "primary", "at_least", "2024-01-01", 20),
                ("b", "primary", "exact", "2022-01-01", 21))
    assert chosen(df) == ["b"]


def test_then_the_latest_publication_and_undated_last():
    df = _point(("old", "primary", "exact", "2020-01-01", 1),
                ("undated", "primary", "exact", None, 2),
                ("new", "primary", "exact", "2023-06-01", 3))
    assert chosen(df) == ["new"]


def test_a_tie_goes_to_the_smallest_source_id_in_any_row_order():
    rows = [("z_src", "primary", "exact", "2023-01-01", 1),
            ("a_src", "primary", "exact", "2023-01-01", 1)]
    assert chosen(_point(*rows)) == chosen(_point(*rows[::-1])) == ["a_src"]


def test_an_override_wins_over_the_rule():
    df = _point(("ncmec", "primary", "exact", "2024-01-01", 1),
                ("text", "primary", "exact", "2020-01-01", 2, True))
    assert chosen(df) == ["text"]


def test_a_lone_unverified_figure_is_preferred_when_nothing_else_gives_the_point():
    assert chosen(_point(("blog", "unverified", "approx", None, 7))) == ["blog"]


def test_one_preferred_row_per_point():
    df = pd.concat([_point(("a", "primary", "exact", "2021-01-01", 1),
                           ("b", "secondary", "exact", "2021-01-01", 1)),
                    _point(("c", "secondary", "exact", "2021-01-01", 1)).assign(geography="CAN")],
                   ignore_index=True)
    assert chosen(df) == ["a", "c"]
