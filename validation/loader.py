"""Read, validate and return the Dataset, or raise with every failure found."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from validation import integrity
from validation.reader import RawTable, read_table
from validation.report import Failure, ValidationFailed, short
from validation.schemas import TABLES, parse_partial_date

HINTS = {
    "str_matches": "does not have the required form",
    "isin": "is not one of the allowed values",
    "unique": "is already used by another row; ids must be unique",
    "field_uniqueness": "is already used by another row; ids must be unique",
    "not_blank": "must not be empty or start/end with spaces",
    "real_date": "is not a real calendar date (YYYY-MM-DD, or YYYY / YYYY-MM where allowed)",
    "known_geography_code": (
        "is not an ISO 3166-1 alpha-3 code, WLD, or a documented code in validation/geography.py"
    ),
    "multiple_fields_uniqueness": "repeats a row with the same key",
    "period_start_not_after_end": "period_start is after period_end",
    "end_fits_precision": (
        "a period_end known only to the month is written as the month's last day, one known"
        " only to the year as 31 December; correct period_end or end_precision"
    ),
    "caveat_in_both_languages": "a caveat must be given in both English and French, or neither",
    "date_given_unless_precision_unknown": (
        "give endorsed_on unless date_precision is 'unknown', and only then leave it empty"
    ),
    "column_in_schema": "is not a column of this table",
    "french_name_everywhere": "give the publisher's official French name on every row",
    "primary_not_noted_secondary": (
        "the note calls this source secondary but its kind is primary: correct one of them"
    ),
    "not_reserved": "is reserved for breakdowns that are no company (total); choose another id",
    "parent_not_itself": "a company cannot be its own parent; leave parent_id empty",
    "scope_note_for_groups": (
        "give scope_note_en and scope_note_fr where scope is 'group' (what the source combined);"
        " elsewhere give both or neither"
    ),
}
COLUMN_HINTS = {
    "value": "write a plain number without separators, units or spaces (29397681, 67.1)",
    "period_start": "write an ISO date, YYYY-MM-DD",
    "period_end": "write an ISO date, YYYY-MM-DD",
    "geography": "use an ISO 3166-1 alpha-3 code (CAN), WLD, or a code in validation/geography.py",
    "qualifier": "use exact, at_least (over, more than, +) or approx (nearly, about)",
    "url": "write the full address starting with https:// or http://",
    "source_id": "use lower snake_case: letters, digits and _",
    "indicator_id": "use lower snake_case: letters, digits and _",
    "language": "use ISO 639-1 codes: en, fr, or en;fr",
    "published": "write YYYY, YYYY-MM or YYYY-MM-DD, or leave empty if undated",
    "company_id": "use a lowercase slug: letters, digits and single hyphens (new-meta-ab)",
    "parent_id": "use a company_id of companies.csv, or leave empty",
    "kind": "use primary (the producer), secondary (a reputable restatement) or unverified",
    "accessed": "write the date the source was read, YYYY-MM-DD, or leave it empty",
    "end_precision": "use day, month or year: how precisely the source dates period_end",
    "scope": "use company (the company's own figure) or group (related platforms combined)",
}


@dataclass(frozen=True)
class Dataset:
    """The validated tables. Frames are handed out as copy-on-write views: edits never leak back."""

    data_dir: str
    version: str
    _frames: dict[str, pd.DataFrame] = field(repr=False)

    def table(self, name: str) -> pd.DataFrame:
        return self._frames[name].copy(deep=False)

    @property
    def sources(self) -> pd.DataFrame:
        return self.table("sources")

    @property
    def indicators(self) -> pd.DataFrame:
        return self.table("indicators")

    @property
    def observations(self) -> pd.DataFrame:
        return self.table("observations")

    @property
    def endorsements(self) -> pd.DataFrame:
        return self.table("endorsements")

    @property
    def events(self) -> pd.DataFrame:
        return self.table("events")

    @property
    def companies(self) -> pd.DataFrame:
        return self.table("companies")

    @property
    def company_names(self) -> pd.DataFrame:
        return self.table("company_names")

    @property
    def complete_tables(self) -> pd.DataFrame:
        return self.table("complete_tables")

    @property
    def series_breaks(self) -> pd.DataFrame:
        return self.table("series_breaks")

    @property
    def preferred_overrides(self) -> pd.DataFrame:
        return self.table("preferred_overrides")

    def row_counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self._frames.items()}


def load(data_dir: str | Path) -> Dataset:
    """Validate every table in `data_dir`; raise ValidationFailed carrying every failure."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        hint = "no such folder; pass the folder that holds sources.csv, observations.csv, ..."
        raise ValidationFailed(str(data_dir), [Failure(str(data_dir), None, None,
                                                       "folder_exists", "", hint)])
    failures: list[Failure] = []
    typed: dict[str, pd.DataFrame] = {}
    for file, (model, columns) in TABLES.items():
        raw, problems = read_table(data_dir / file, columns)
        failures += problems
        if raw is not None:
            problems = _validate(raw, model)
            failures += problems
            typed[file] = _typed(raw)
    if len(typed) == len(TABLES):  # cross-table checks need every table read
        failures += integrity.check_all(typed)
    if failures:
        raise ValidationFailed(str(data_dir), failures)
    frames = {f.removesuffix(".csv"): df.drop(columns="file_line") for f, df in typed.items()}
    return Dataset(str(data_dir), _version(data_dir), frames)


def _validate(raw: RawTable, model: type[pa.DataFrameModel]) -> list[Failure]:
    try:
        model.validate(raw.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _translate(raw, exc.failure_cases)
    return []


def _translate(raw: RawTable, cases: pd.DataFrame) -> list[Failure]:
    """pandera's failure_cases -> one Failure per row, column and check."""
    failures: set[Failure] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        name = check.split("(")[0]
        index = case.index
        column = None if pd.isna(case.column) else str(case.column)
        if case.schema_context == "DataFrameSchema" and name not in HINTS:
            name = "column_in_schema"
        if case.schema_context == "DataFrameSchema" and name != "column_in_schema":
            failure = _row_failure(raw, name, index, column)
            if failure is not None:
                failures.add(failure)
            continue
        line = raw.line_of(index)
        hint = f"{column} {HINTS.get(name, 'fails ' + check)}"
        if column in COLUMN_HINTS and name in ("str_matches", "isin", "real_date",
                                              "known_geography_code"):
            hint += f"; {COLUMN_HINTS[column]}"
        failures.add(Failure(raw.name, line, column, name, short(case.failure_case), hint))
    return sorted(failures, key=lambda f: (f.line or 0, f.column or ""))


def _row_failure(raw: RawTable, name: str, index: object, column: str | None) -> Failure | None:
    """A rule over several columns: report it once per row, naming the columns involved.
    A repeated key is reported on the repeating lines only, each naming the first line."""
    line = raw.line_of(index)
    row = raw.frame.iloc[int(index)] if line is not None else None
    if name == "multiple_fields_uniqueness":
        key = _unique_key(raw)
        value = "" if row is None else short(" | ".join(row[c] for c in key))
        first = _first_line_with(raw, key, row)
        if first == line:
            return None
        hint = f"same {', '.join(key)} as line {first}; remove the duplicate or tell them apart"
        return Failure(raw.name, line, ",".join(key), "unique_key", value, hint)
    cols = {"period_start_not_after_end": "period_start,period_end",
            "end_fits_precision": "period_end,end_precision",
            "caveat_in_both_languages": "caveat_en,caveat_fr",
            "date_given_unless_precision_unknown": "endorsed_on,date_precision",
            "parent_not_itself": "company_id,parent_id",
            "primary_not_noted_secondary": "kind,note",
            "scope_note_for_groups": "scope,scope_note_en,scope_note_fr"}.get(name, column)
    value = "" if row is None else short(" | ".join(row[c] for c in (cols or "").split(",") if c))
    return Failure(raw.name, line, cols, name, value, HINTS[name])


def _unique_key(raw: RawTable) -> list[str]:
    model = TABLES[raw.name][0]
    return list(model.to_schema().unique or [])


def _first_line_with(raw: RawTable, key: list[str], row: pd.Series | None) -> int | None:
    if row is None:
        return None
    same = (raw.frame[key] == row[key].to_numpy()).all(axis=1)
    return raw.line_of(same.to_numpy().nonzero()[0][0])


def _typed(raw: RawTable) -> pd.DataFrame:
    """Valid text cells -> the types the store works with (dates, floats)."""
    df = raw.frame.copy()
    df["file_line"] = list(raw.lines)
    for column in ("period_start", "period_end", "date", "endorsed_on", "starts_on"):
        if column in df:
            df[column] = pd.to_datetime(df[column].replace("", None), format="%Y-%m-%d",
                                        errors="coerce")
    if "value" in df:
        df["value"] = pd.to_numeric(df["value"], errors="coerce")
    if "published" in df:
        df["published_end"] = df["published"].map(
            lambda t: pd.Timestamp(s[1]) if (s := parse_partial_date(t)) else pd.NaT)
    return df


def _version(data_dir: Path) -> str:
    """A content hash of the tables: the same data gives the same version on every machine."""
    digest = hashlib.sha256()
    for file in TABLES:
        digest.update(file.encode())
        digest.update((data_dir / file).read_bytes())
    return digest.hexdigest()[:12]
