"""Every CSV and zip the app hands out: exactly the rows asked for, cited, spreadsheet-safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
import zipfile
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard import datapackage, formatting, i18n, preferred, query
from dashboard.labels import breakdown_label
from dashboard.query import Filters
from dashboard.store import Store
from validation import describe
from validation.schemas import TABLES

BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (or a DDE call).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 250_000
CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
# Stable English column names: scripts outside the app rely on them.
EXTRACT_COLUMNS = {
    "indicator_id": "indicator_id",
    "indicator_name": "indicator_name",
    "unit": "unit",
    "period_start": "period_start",
    "period_end": "period_end",
    "end_precision": "end_precision",
    "geography": "geography_code",
    "geography_name": "geography_name",
    "breakdown": "breakdown",
    "company_id": "company_id",
    "company": "company",
    "parent_company_id": "parent_company_id",
    "value": "value",
    "qualifier": "qualifier",
    "source_id": "source_id",
    "publisher": "source_publisher",
    "title": "source_title",
    "url": "source_url",
    "published": "source_published",
    "source_kind": "source_kind",
    "secondary": "secondary_source",
    "preferred": "preferred",
    "quote": "source_quote",
    "note": "note",
}
# With lang=fr, French names and labels are added after the stable English columns.
FRENCH_COLUMNS = {
    "indicator_name_fr": "indicator_name_fr",
    "unit_fr": "unit_fr",
    "geography_name_fr": "geography_name_fr",
    "breakdown_fr": "breakdown_fr",
    "qualifier_fr": "qualifier_fr",
}
# Optional sources.csv columns (official French names) carried by French extracts.
SOURCE_FRENCH_COLUMNS = {"publisher_fr": "source_publisher_fr", "title_fr": "source_title_fr"}
NUMERIC = frozenset({"value"})


class TooLarge(ValueError):
    """The request would produce more rows than an extract may hold."""


def neutralise(text: str) -> str:
    """Prefix a formula-looking text cell with an apostrophe, so spreadsheets show it as text."""
    if text and (text[0] in FORMULA_TRIGGERS or text.lstrip()[:1] in FORMULA_TRIGGERS):
        return "'" + text
    return text


def _cell(column: str, value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""  # a missing date or value is an empty cell, never 'NaT' or 'nan'
    if column in NUMERIC:
        number = float(value)
        return int(number) if number.is_integer() else number
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))


def write_csv(rows: Iterable[dict], columns: dict[str, str]) -> bytes:
    """The one CSV writer: UTF-8 with BOM, CRLF, header of stable names, safe text cells."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow(_cell(col, row[col]) for col in columns)
    return out.getvalue().encode("utf-8")


def _records(frame: pd.DataFrame, lang: str, store: Store | None = None,
             ) -> tuple[list[dict], dict[str, str]]:
    rows = frame.to_dict("records")
    if lang != "fr":
        return rows, EXTRACT_COLUMNS
    for row in rows:
        row["unit_fr"] = formatting.unit_label(row["unit"], "fr")
        row["breakdown_fr"] = breakdown_label(row["breakdown"], "fr")
        row["qualifier_fr"] = i18n.t(f"qualifier.{row['qualifier']}", "fr")
    columns = {**EXTRACT_COLUMNS, **FRENCH_COLUMNS}
    # Official French names of publishers and titles, where sources.csv carries them.
    for column, out in SOURCE_FRENCH_COLUMNS.items():
        if store is not None and column in store.sources.columns:
            names = store.sources[column].to_dict()
            for row in rows:
                row[column] = names.get(row["source_id"], "")
            columns[column] = out
    return rows, columns


def _matching(store: Store, filters: Filters) -> pd.DataFrame:
    frame = store.query(filters)
    if len(frame) > MAX_ROWS:
        raise TooLarge(f"{len(frame):,} rows match; an extract holds at most {MAX_ROWS:,}. "
                       "Narrow the filters or download the dataset zip.")
    return frame


def extract_csv(store: Store, filters: Filters, lang: str = i18n.DEFAULT) -> bytes:
    """The filtered observations with their citations (and French labels with lang=fr)."""
    frame = _matching(store, filters)
    return write_csv(*_records(frame, lang, store))


def _json_cell(column: str, value: object) -> object:
    """JSON keeps types: numbers, true/false, ISO dates, null for a missing value. Text is
    as the data holds it (no apostrophe: no spreadsheet opens JSON)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if column in NUMERIC:
        number = float(value)
        return int(number) if number.is_integer() else number
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return str(value)


def extract_json(store: Store, filters: Filters, lang: str = i18n.DEFAULT) -> bytes:
    """The same rows and columns as extract_csv, as JSON: {"data_version", "columns", "rows"},
    each row an object keyed by the stable column names."""
    frame = _matching(store, filters)
    rows, columns = _records(frame, lang, store)
    body = {"data_version": store.version, "filters": filters.to_query(),
            "columns": list(columns.values()),
            "rows": [{out: _json_cell(col, row[col]) for col, out in columns.items()}
                     for row in rows]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def filename(filters: Filters, today: dt.date | None = None, ext: str = "csv") -> str:
    """Says what the file holds and when it was made: ocse-figures_<what>_<years>_<date>.csv"""
    today = today or dt.date.today()
    parts = ["ocse-figures"]
    ind = filters.indicators
    parts.append(ind[0] if len(ind) == 1 else (f"{len(ind)}-indicators" if ind else "all"))
    if filters.year_from or filters.year_to:
        parts.append(f"{filters.year_from or 'start'}-{filters.year_to or 'latest'}")
    geos = filters.geographies
    if geos:
        parts.append("-".join(geos) if len(geos) <= 3 else f"{len(geos)}-geographies")
    if filters.breakdowns:
        parts.append(f"{len(filters.breakdowns)}-breakdowns")
    if filters.sources:
        parts.append(f"{len(filters.sources)}-sources")
    parts.append(f"{today:%Y-%m-%d}")
    return re.sub(r"[^A-Za-z0-9_.-]", "", "_".join(parts))[:180] + f".{ext}"


def dataset_zip(store: Store, readme: str, lang: str = i18n.DEFAULT) -> bytes:
    """Every table (through the same writer), the full extract, a README with metadata, and
    datapackage.json: the Frictionless Data Package describing them (dashboard/datapackage).
    Dated by when the data was loaded, so one store's zip is always the same bytes."""
    buffer = io.BytesIO()
    written: dict[str, tuple[str, ...]] = {}
    stamp = store.loaded_at.timetuple()[:6]

    def put(zf: zipfile.ZipFile, name: str, body: str | bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, body)

    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for file, (_, columns) in TABLES.items():
            frame = store.dataset.table(file.removesuffix(".csv"))
            put(zf, file, write_csv(frame.to_dict("records"), {c: c for c in columns}))
            written[file] = columns
        rows, extract_columns = _records(store.frame, lang, store)
        put(zf, datapackage.EXTRACT, write_csv(rows, extract_columns))
        package = datapackage.descriptor(store.version, store.dataset.sources, written,
                                         extract_columns, created=store.loaded_at)
        put(zf, "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
        put(zf, "README.txt", readme)
    return buffer.getvalue()


def _wrapped(text: str, indent: str = "  ", width: int = 92) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")


def _files_section() -> list[str]:
    """Each file of the zip and what it holds: the validation models' own titles."""
    lines = ["FILES"]
    for file in TABLES:
        lines += _wrapped(f"{file}: {datapackage.table_title(file)}")
    lines += _wrapped(f"{datapackage.EXTRACT}: {describe.EXTRACT_TITLE} (with ?lang=fr, "
                      "French names and labels in extra *_fr columns).")
    lines += _wrapped("datapackage.json: the Frictionless Data Package describing every file "
                      "(types, descriptions, constraints, keys), generated from the validation's "
                      f"models. Table Schema: {datapackage.SPEC}. Check it with: frictionless "
                      "validate datapackage.json")
    return lines


def _kinds_section(sources: pd.DataFrame) -> list[str]:
    counts = sources["kind"].value_counts()
    lines = ["SOURCE KINDS (sources.csv kind)"]
    lines += _wrapped(describe.COLUMNS["sources.csv"]["kind"])
    lines += [f"  {kind}: {int(counts.get(kind, 0))} sources" for kind in query.SOURCE_KINDS]
    return lines


def _rule_section(overrides: pd.DataFrame) -> list[str]:
    """The preferred rule as dashboard/preferred.py states it, and its reviewed exceptions."""
    rule = (preferred.__doc__ or "").split("\n\n", 1)[-1]
    lines = ["PREFERRED FIGURES (extract.csv preferred = yes)"]
    lines += ["  " + line for line in rule.splitlines()]
    lines += ["  Reviewed exceptions (preferred_overrides.csv):"]
    for row in overrides.itertuples(index=False):
        point = (f"{row.indicator_id} {row.period_start:%Y-%m-%d}..{row.period_end:%Y-%m-%d} "
                 f"{row.geography}/{row.breakdown}")
        lines += _wrapped(f"{point}: {row.source_id}. {row.reason}", "    ")
    return lines


def _breaks_section(breaks: pd.DataFrame, complete: pd.DataFrame) -> list[str]:
    lines = ["SERIES BREAKS (series_breaks.csv): do not compare figures across them"]
    for (day, note, source), rows in breaks.groupby(["starts_on", "note_en", "source_id"],
                                                    sort=True):
        lines += _wrapped(f"From {day:%Y-%m-%d}: {note} (source: {source}) Indicators: "
                          f"{', '.join(rows['indicator_id'])}.")
    lines += ["", "COMPLETE TABLES (complete_tables.csv): parts add up to the printed total"]
    for row in complete.itertuples(index=False):
        lines += _wrapped(f"{row.source_id}: {row.parts}. {row.note}")
    return lines


def _licence_section(sources: pd.DataFrame) -> list[str]:
    lines = ["LICENCE NOTES",
             *_wrapped("The figures are facts reported by their publishers; cite the original "
                       "source (source_url) when you reuse a figure. Quotes are short excerpts "
                       "for verification. Terms the sources state (sources.csv licence):")]
    stated = sources[sources["licence"] != ""].groupby("licence", sort=True)["source_id"]
    for licence, ids in stated:
        lines += _wrapped(f"{licence}: {', '.join(ids)}", "    ")
    return lines


def dataset_readme(store: Store) -> str:
    """The zip's README, generated from the tables it describes (kinds, the preferred rule
    and its overrides, series breaks, complete tables, licences, indicators, sources), so it
    never says what data/ no longer does."""
    data = store.dataset
    src = data.sources
    lines = [describe.TITLE + " (aggregate statistics only)",
             f"Data version {store.version}; latest source publication {store.as_of()}.", "",
             *_wrapped(describe.DESCRIPTION, ""), "",
             *_wrapped("Dates: period_end is the as-of date; end_precision says whether the "
                       "source gives its day, only its month (stored as the month's last day) "
                       "or only its year (stored as 31 December). A figure belongs to the year "
                       "its period ends.", ""),
             "", *_files_section(), "",
             *_wrapped("Text cells that begin with = + - @ or a tab are prefixed with ' so that "
                       "spreadsheets do not run them as formulas.", ""),
             "", *_kinds_section(src), "", *_rule_section(data.preferred_overrides), "",
             *_breaks_section(data.series_breaks, data.complete_tables), "",
             *_licence_section(src), "", "INDICATORS"]
    for row in store.indicators.itertuples(index=False):
        lines.append(f"  {row.indicator_id} [{row.unit}]: {row.name_en}")
        if row.caveat_en:
            lines += _wrapped(f"caveat: {row.caveat_en}", "      ")
    lines += ["", "SOURCES (id [kind]: publisher, title (published) url)"]
    for row in src.itertuples(index=False):
        when = row.published or "undated"
        lines.append(f"  {row.source_id} [{row.kind}]: {row.publisher}, {row.title} ({when}) "
                     f"{row.url}")
    return "\n".join(lines) + "\n"
