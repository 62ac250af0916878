"""Checks that span tables: references resolve, parts add up, dates respect their sources."""

from __future__ import annotations

import re

import pandas as pd

from validation.report import Failure, short
from validation.schemas import parse_partial_date

# Sources that print a total together with its complete breakdown: NCMEC's yearly tables by
# company (ESP) and by country. Their parts must add up to the printed total exactly.
COMPLETE_TABLE_SOURCES = re.compile(r"^ncmec_(esp|country)_\d{4}$")
OBS = "observations.csv"


def check_all(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """Every cross-table failure; frames carry their file line numbers in `file_line`."""
    return [
        *_references(t),
        *_parts_add_up(t["observations.csv"]),
        *_removals_within_notifications(t["observations.csv"]),
        *_not_after_publication(t),
    ]


def _references(t: dict[str, pd.DataFrame]) -> list[Failure]:
    sources = set(t["sources.csv"]["source_id"])
    indicators = set(t["indicators.csv"]["indicator_id"])
    wanted = [
        (OBS, "source_id", sources, "sources.csv"),
        (OBS, "indicator_id", indicators, "indicators.csv"),
        ("endorsements.csv", "source_id", sources, "sources.csv"),
        ("events.csv", "source_id", sources, "sources.csv"),
    ]
    failures = []
    for file, column, known, target in wanted:
        frame = t[file]
        bad = frame[~frame[column].isin(known)]  # only the rows that fail are walked
        hint = f"no such id in {target}: add a row for it there or correct the id"
        for line, value in zip(bad["file_line"], bad[column], strict=True):
            failures.append(Failure(file, line, column, "reference_resolves", value, hint))
    return failures


def _company_parts(obs: pd.DataFrame) -> pd.Series:
    b = obs["breakdown"]
    return (obs["geography"] == "WLD") & (b != "total") & ~b.str.contains(":", regex=False)


def _parts_add_up(obs: pd.DataFrame) -> list[Failure]:
    keys = ["indicator_id", "period_start", "period_end", "source_id"]
    country_parts = obs[(obs["geography"] != "WLD") & (obs["breakdown"] == "total")]
    world_total = obs[(obs["geography"] == "WLD") & (obs["breakdown"] == "total")]
    esp_total = obs[(obs["geography"] == "WLD") & (obs["breakdown"] == "reporter:esp")]
    company_parts = obs[_company_parts(obs)]
    # Company parts add up to the companies' (ESP) total where the source gives one.
    company_total = pd.concat([esp_total, world_total]).drop_duplicates(keys, keep="first")
    return [
        *_compare(country_parts, world_total, keys, "countries"),
        *_compare(company_parts, company_total, keys, "companies"),
    ]


def _compare(parts: pd.DataFrame, totals: pd.DataFrame, keys: list[str], what: str):
    if parts.empty or totals.empty:
        return []
    sums = parts.groupby(keys, observed=True)["value"].agg(["sum", "size"]).reset_index()
    merged = sums.merge(totals[[*keys, "value", "file_line"]], on=keys, how="inner")
    failures = []
    for row in merged.itertuples(index=False):
        complete = bool(COMPLETE_TABLE_SOURCES.match(row.source_id))
        diff = row.sum - row.value
        if (complete and diff != 0) or diff > 0:
            check = "parts_sum_to_total" if complete else "parts_not_above_total"
            hint = (
                f"the {row.size} {what} rows of {row.indicator_id} {row.period_start:%Y-%m-%d}.."
                f"{row.period_end:%Y-%m-%d} from {row.source_id} add up to {row.sum:,.0f}, "
                f"{'above' if diff > 0 else 'below'} this total by {abs(diff):,.0f}: "
                "a row is missing, duplicated or mistyped"
            )
            failures.append(Failure(OBS, row.file_line, "value", check, f"{row.value:,.0f}", hint))
    return failures


def _removals_within_notifications(obs: pd.DataFrame) -> list[Failure]:
    keys = ["period_start", "period_end", "geography", "breakdown", "source_id"]
    removed = obs[obs["indicator_id"] == "arachnid_removals"]
    notified = obs[obs["indicator_id"] == "arachnid_notifications"]
    both = removed.merge(notified[[*keys, "value"]], on=keys, suffixes=("", "_notified"))
    failures = []
    for row in both[both["value"] > both["value_notified"]].itertuples(index=False):
        hint = (
            f"removals exceed the {row.value_notified:,.0f} notifications that the same source "
            "gives for the same window; check both figures against the source"
        )
        value = f"{row.value:,.0f}"
        failures.append(Failure(OBS, row.file_line, "value", "removals_within_notifications", value,
                                hint))
    return failures


def _not_after_publication(t: dict[str, pd.DataFrame]) -> list[Failure]:
    published = {}
    for sid, text in zip(t["sources.csv"]["source_id"], t["sources.csv"]["published"],
                         strict=True):
        span = parse_partial_date(text)
        if span is not None:
            published[sid] = (text, pd.Timestamp(span[1]))
    dated = [(OBS, "period_end"), ("events.csv", "date"), ("endorsements.csv", "endorsed_on")]
    failures = []
    for file, column in dated:
        frame = t[file]
        latest_of = frame["source_id"].map({sid: p[1] for sid, p in published.items()})
        late = frame[(frame[column] > latest_of).fillna(False).to_numpy(dtype=bool)]
        for line, sid, when in zip(late["file_line"], late["source_id"], late[column],
                                   strict=True):
            hint = (
                f"dated after its source {sid} was published ({published[sid][0]}); "
                "correct the date or cite a later source"
            )
            failures.append(Failure(file, line, column, "not_after_publication",
                                    short(f"{when:%Y-%m-%d}"), hint))
    return failures
