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

# pandera's own checks carry no words of ours: uniqueness (Field(unique=True)) and the key of
# Config.unique. Every declared check of validation/schemas.py carries its name, message, hint
# and, over several columns, the columns it reads. (Strictness never fails here: the reader
# refuses a header that is not the table's columns before pandera sees the frame.)
UNIQUE_MESSAGE = "is already used by another row; ids must be unique"


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
        return _translate(raw, model.to_schema(), exc.failure_cases)
    return []


def _translate(raw: RawTable, schema: pa.DataFrameSchema, cases: pd.DataFrame) -> list[Failure]:
    """pandera's failure_cases -> one Failure per row, column and check, worded by the check."""
    failures: set[Failure] = set()
    for case in cases.itertuples(index=False):
        column = None if pd.isna(case.column) else str(case.column)
        check = _declared(schema, case)
        if case.schema_context == "DataFrameSchema":
            failure = _row_failure(raw, check, str(case.check), case.index)
        else:
            failure = _cell_failure(raw, check, str(case.check), column, case)
        if failure is not None:
            failures.add(failure)
    return sorted(failures, key=lambda f: (f.line or 0, f.column or ""))


def _declared(schema: pa.DataFrameSchema, case) -> pa.Check | None:
    """The check of validation/schemas.py a failure case reports; None for pandera's own."""
    if pd.isna(case.check_number):
        return None
    if case.schema_context == "DataFrameSchema":
        return schema.checks[int(case.check_number)]
    return schema.columns[case.column].checks[int(case.check_number)]


def _cell_failure(raw: RawTable, check: pa.Check | None, reported: str, column: str | None,
                  case) -> Failure:
    """A cell that fails its column's check: the check's message, then how to fix it."""
    if check is None:
        name = reported.split("(")[0]
        hint = f"{column} {UNIQUE_MESSAGE if name == 'field_uniqueness' else 'fails ' + reported}"
    else:
        name = check.name
        hint = f"{column} {check.error}" + (f"; {check.description}" if check.description else "")
    return Failure(raw.name, raw.line_of(case.index), column, name, short(case.failure_case),
                   hint)


def _row_failure(raw: RawTable, check: pa.Check | None, reported: str,
                 index: object) -> Failure | None:
    """A rule over several columns: report it once per row, naming the columns involved.
    A repeated key is reported on the repeating lines only, each naming the first line."""
    line = raw.line_of(index)
    row = raw.frame.iloc[int(index)] if line is not None else None
    if check is not None:
        cols = list(check.statistics.get("columns", ()))
        value = "" if row is None else short(" | ".join(row[c] for c in cols))
        return Failure(raw.name, line, ",".join(cols), check.name, value, check.error)
    if reported != "multiple_fields_uniqueness":
        return Failure(raw.name, line, None, reported, "", f"the row fails {reported}")
    key = _unique_key(raw)
    value = "" if row is None else short(" | ".join(row[c] for c in key))
    first = _first_line_with(raw, key, row)
    if first == line:
        return None
    hint = f"same {', '.join(key)} as line {first}; remove the duplicate or tell them apart"
    return Failure(raw.name, line, ",".join(key), "unique_key", value, hint)


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
