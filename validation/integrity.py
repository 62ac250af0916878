"""Checks that span tables: references resolve, parts add up, dates respect their sources."""

from __future__ import annotations

import pandas as pd

from validation.report import Failure, short
from validation.schemas import RESERVED_BREAKDOWNS, SECONDARY_CLAIM, parse_partial_date

OBS = "observations.csv"


def check_all(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """Every cross-table failure; frames carry their file line numbers in `file_line`."""
    return [
        *_references(t),
        *_parts_add_up(t["observations.csv"], set(t["complete_tables.csv"]["source_id"])),
        *_removals_within_notifications(t["observations.csv"]),
        *_not_after_publication(t),
        *_secondary_claims_agree(t),
        *_french_publishers_everywhere(t["sources.csv"]),
        *_overrides_name_rows(t),
        *_company_names_match(t),
        *_no_parent_cycles(t["companies.csv"]),
    ]


def company_rows(obs: pd.DataFrame) -> pd.Series:
    """Rows whose breakdown names a company: neither `total` nor a `kind:slug` part."""
    b = obs["breakdown"]
    return ~b.isin(RESERVED_BREAKDOWNS) & ~b.str.contains(":", regex=False)


def _references(t: dict[str, pd.DataFrame]) -> list[Failure]:
    sources = set(t["sources.csv"]["source_id"])
    indicators = set(t["indicators.csv"]["indicator_id"])
    wanted = [
        (OBS, "source_id", sources, "sources.csv"),
        (OBS, "indicator_id", indicators, "indicators.csv"),
        ("endorsements.csv", "source_id", sources, "sources.csv"),
        ("events.csv", "source_id", sources, "sources.csv"),
        ("company_names.csv", "source_id", sources, "sources.csv"),
        ("series_breaks.csv", "source_id", sources, "sources.csv"),
        ("complete_tables.csv", "source_id", sources, "sources.csv"),
        ("series_breaks.csv", "indicator_id", indicators, "indicators.csv"),
        ("company_names.csv", "company_id", set(t["companies.csv"]["company_id"]),
         "companies.csv"),
    ]
    failures = []
    for file, column, known, target in wanted:
        frame = t[file]
        bad = frame[~frame[column].isin(known)]  # only the rows that fail are walked
        hint = f"no such id in {target}: add a row for it there or correct the id"
        for line, value in zip(bad["file_line"], bad[column], strict=True):
            failures.append(Failure(file, line, column, "reference_resolves", value, hint))
    companies = t["companies.csv"]
    known = set(companies["company_id"])
    bad = companies[(companies["parent_id"] != "") & ~companies["parent_id"].isin(known)]
    hint = "no such company_id in companies.csv: add the parent there or leave parent_id empty"
    for line, value in zip(bad["file_line"], bad["parent_id"], strict=True):
        failures.append(Failure("companies.csv", line, "parent_id", "reference_resolves", value,
                                hint))
    return failures


def _overrides_name_rows(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """An override names a row of observations.csv (the point and the source to prefer)."""
    keys = ["indicator_id", "period_start", "period_end", "geography", "breakdown", "source_id"]
    over = t["preferred_overrides.csv"]
    if over.empty:
        return []
    rows = pd.MultiIndex.from_frame(t[OBS][keys])
    bad = over[~pd.MultiIndex.from_frame(over[keys]).isin(rows)]
    hint = ("no row of observations.csv has this indicator, period, geography, breakdown and "
            "source: correct the override or remove it")
    return [Failure("preferred_overrides.csv", line, "source_id", "override_names_a_row",
                    short(sid), hint)
            for line, sid in zip(bad["file_line"], bad["source_id"], strict=True)]


def _french_publishers_everywhere(src: pd.DataFrame) -> list[Failure]:
    """A publisher with an official French name has it on every row, so that a French page
    never shows it in English."""
    named = src[src["publisher_fr"] != ""].drop_duplicates("publisher")
    french = dict(zip(named["publisher"], named["publisher_fr"], strict=True))
    bad = src[(src["publisher_fr"] == "") & src["publisher"].isin(french)]
    return [Failure("sources.csv", line, "publisher_fr", "french_name_everywhere", "",
                    f"{publisher} has the French name '{french[publisher]}' elsewhere: give it "
                    "here too")
            for line, publisher in zip(bad["file_line"], bad["publisher"], strict=True)]


def _secondary_claims_agree(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """A figure's note may not call its source secondary when sources.csv says primary."""
    kinds = dict(zip(t["sources.csv"]["source_id"], t["sources.csv"]["kind"], strict=True))
    obs = t[OBS]
    claims = obs[obs["note"].str.startswith(SECONDARY_CLAIM)]
    bad = claims[claims["source_id"].map(kinds) == "primary"]
    hint = ("the note says 'Secondary source' but sources.csv gives this source the kind "
            "primary: correct the note or the kind")
    return [Failure(OBS, line, "note", "secondary_claim_agrees", short(sid), hint)
            for line, sid in zip(bad["file_line"], bad["source_id"], strict=True)]


def _company_names_match(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """Every printed company name of every source maps to a company id, and every mapping
    names a name its source really prints (no stale or mistyped rows)."""
    obs = t[OBS]
    rows = obs[company_rows(obs)]
    names = t["company_names.csv"]
    printed = pd.MultiIndex.from_arrays([rows["source_id"], rows["breakdown"]])
    mapped = pd.MultiIndex.from_arrays([names["source_id"], names["printed_name"]])
    failures = []
    unmapped = rows[~printed.isin(mapped)]
    for line, sid, name in zip(unmapped["file_line"], unmapped["source_id"],
                               unmapped["breakdown"], strict=True):
        hint = (f"no row of company_names.csv maps the name {sid} prints: add "
                f"'{sid},{name},<company_id>,company,,' there (and the company to "
                "companies.csv if it is new)")
        failures.append(Failure(OBS, line, "breakdown", "company_name_mapped", short(name),
                                hint))
    unused = names[~mapped.isin(printed)]
    hint = ("no observation of this source prints this company name: correct the name as "
            "printed, or remove the row")
    failures += [Failure("company_names.csv", line, "printed_name", "mapping_used",
                         short(name), hint)
                 for line, name in zip(unused["file_line"], unused["printed_name"],
                                       strict=True)]
    return failures


def _no_parent_cycles(companies: pd.DataFrame) -> list[Failure]:
    parent = dict(zip(companies["company_id"], companies["parent_id"], strict=True))
    failures = []
    for cid, line in zip(companies["company_id"], companies["file_line"], strict=True):
        if parent.get(cid) == cid:
            continue  # its own parent: reported by the row check parent_not_itself
        seen, at = {cid}, parent.get(cid, "")
        while at and at not in seen and at in parent:
            seen.add(at)
            at = parent[at]
        if at in seen and at:
            hint = f"following parent_id from {cid} comes back to {at}: break the cycle"
            failures.append(Failure("companies.csv", line, "parent_id", "no_parent_cycle",
                                    parent[cid], hint))
    return failures


def _company_parts(obs: pd.DataFrame) -> pd.Series:
    return (obs["geography"] == "WLD") & company_rows(obs)


def _parts_add_up(obs: pd.DataFrame, complete: set[str]) -> list[Failure]:
    """Parts add up to their total: exactly for the sources of complete_tables.csv, never
    above it for the others."""
    keys = ["indicator_id", "period_start", "period_end", "source_id"]
    country_parts = obs[(obs["geography"] != "WLD") & (obs["breakdown"] == "total")]
    world_total = obs[(obs["geography"] == "WLD") & (obs["breakdown"] == "total")]
    esp_total = obs[(obs["geography"] == "WLD") & (obs["breakdown"] == "reporter:esp")]
    company_parts = obs[_company_parts(obs)]
    # Company parts add up to the companies' (ESP) total where the source gives one.
    company_total = pd.concat([esp_total, world_total]).drop_duplicates(keys, keep="first")
    return [
        *_compare(country_parts, world_total, keys, "countries", complete),
        *_compare(company_parts, company_total, keys, "companies", complete),
    ]


def _compare(parts: pd.DataFrame, totals: pd.DataFrame, keys: list[str], what: str,
             complete_sources: set[str]):
    if parts.empty or totals.empty:
        return []
    sums = parts.groupby(keys, observed=True)["value"].agg(["sum", "size"]).reset_index()
    merged = sums.merge(totals[[*keys, "value", "file_line"]], on=keys, how="inner")
    failures = []
    for row in merged.itertuples(index=False):
        complete = row.source_id in complete_sources
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
