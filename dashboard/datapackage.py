"""The dataset zip as a Frictionless Data Package: datapackage.json with a Table Schema per
table, generated from the validation's own pandera models (validation/schemas.py TABLES).

Nothing about a column is written here. Each field's type, constraints and keys are read from
its model: patterns from the checks (their statistics, or the pattern constant a per-value check
calls `matches` with), allowed values from `isin`, uniqueness from the field and the model's
Config.unique. Whether a field is a number, a date or required is asked of the checks
themselves: a column whose checks accept '29397681' and '67.1' and refuse '1,000' is a number;
one that accepts '2021-03-04' and refuses '2021' and '2021-02-30' is a date; one whose checks
refuse the empty cell is required. A table or column added to TABLES is in the package with no
change here. The words (descriptions) are in validation/describe.py.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import warnings
from collections.abc import Mapping, Sequence
from functools import cache

import pandas as pd
import pandera.pandas as pa

from validation import describe
from validation.schemas import TABLES

PROFILE = "tabular-data-package"
NAME = "ocse-public-figures"
SPEC = "https://specs.frictionlessdata.io/table-schema/"
# The figures are facts reported by their publishers; reuse means citing the original source.
LICENSE = {"name": "other-at", "title": "Facts reported by their publishers: cite the "
           "original source (source_url) when you reuse a figure"}
EXTRACT = "extract.csv"
BOOLEAN = {"trueValues": ["yes"], "falseValues": ["no"]}
# Probes put to a column's checks to learn its type.
NUMBER_YES, NUMBER_NO = ("29397681", "67.1", "0"), ("1,000", "abc", "1 000")
DATE_YES, DATE_NO = ("2021-03-04", "2024-12-31"), ("2021", "2021-03", "2021-02-30", "x")


def _check_fn(check: pa.Check):
    """The model's own method behind a pandera check (None for built-in checks)."""
    try:
        info = inspect.getclosurevars(check._check_fn).nonlocals.get("self")
    except TypeError:
        return None
    fn = getattr(info, "check_fn", None)
    return getattr(fn, "__func__", fn)


def _patterns(check: pa.Check) -> list[str]:
    """The regular expressions a check tests: pandera's str_matches says it in its statistics;
    a per-value check names the pattern constant it calls `matches` with."""
    stats = check.statistics or {}
    if "pattern" in stats:
        pattern = stats["pattern"]
        return [pattern.pattern if isinstance(pattern, re.Pattern) else str(pattern)]
    fn = _check_fn(check)
    if fn is None:
        return []
    names = inspect.getclosurevars(fn).globals
    if "matches" not in names:
        return []
    literal = [c for c in fn.__code__.co_consts
               if isinstance(c, str) and c.startswith("^") and c.endswith("$")]
    return [v for v in names.values() if isinstance(v, str)] + literal


def _passes(checks: Sequence[pa.Check], value: str) -> bool:
    """Whether a cell holding `value` passes every check of its column."""
    series = pd.Series([value], dtype="str")
    for check in checks:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = check(series)
        except Exception:  # noqa: S112 (a check that cannot judge a lone cell says nothing)
            continue
        passed = result.check_passed
        if not bool(passed if isinstance(passed, bool) else passed.all()):
            return False
    return True


def _core(pattern: str) -> str:
    """Table Schema patterns are anchored already: '^(a|b)$' -> '(?:(a|b))'."""
    core = pattern.removeprefix("^")
    if core.endswith("$") and not core.endswith("\\$"):
        core = core[:-1]
    return f"(?:{core})"


def _kind(checks: Sequence[pa.Check]) -> str:
    if all(_passes(checks, v) for v in NUMBER_YES) and \
            not any(_passes(checks, v) for v in NUMBER_NO):
        return "number"
    if all(_passes(checks, v) for v in DATE_YES) and \
            not any(_passes(checks, v) for v in DATE_NO):
        return "date"
    return "string"


def field(file: str, name: str, column: pa.Column) -> dict:
    """One Table Schema field, read off the pandera column and its checks."""
    checks = list(column.checks)
    kind = _kind(checks)
    constraints: dict = {}
    if not column.nullable and not _passes(checks, ""):
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in checks:
        allowed = (check.statistics or {}).get("allowed_values")
        if allowed is not None:
            constraints["enum"] = [str(v) for v in allowed]
        if kind == "string":
            for pattern in _patterns(check):
                constraints["pattern"] = _core(pattern)
    if kind == "number" and not _passes(checks, "-1") and _passes(checks, "0"):
        constraints["minimum"] = 0
    out = {"name": name, "type": kind, "description": _description(file, name, column, checks)}
    if kind == "date":
        out["format"] = "default"
    if constraints:
        out["constraints"] = constraints
    return out


def _description(file: str, name: str, column: pa.Column, checks) -> str:
    if column.description:
        return column.description
    text = describe.COLUMNS.get(file, {}).get(name)
    if text:
        return text
    named = ", ".join(sorted({c.name for c in checks if c.name})) or "none"
    return f"{name} (checks: {named})"


@cache
def _model_schema(file: str) -> pa.DataFrameSchema:
    return TABLES[file][0].to_schema()


def table_schema(file: str, columns: Sequence[str] | None = None) -> dict:
    """The Table Schema of a file of TABLES: its fields (in file order) and primary key."""
    schema = _model_schema(file)
    columns = list(columns or TABLES[file][1])
    fields = [field(file, name, schema.columns[name]) for name in columns]
    out: dict = {"fields": fields, "missingValues": [""]}
    single = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
    if schema.unique:
        out["primaryKey"] = list(schema.unique)
    elif len(single) == 1:
        out["primaryKey"] = single
    return out


def _foreign_keys(schemas: Mapping[str, dict]) -> None:
    """A field named as another table's one-column primary key refers to it (source_id ->
    sources, indicator_id -> indicators), the rule validation/integrity.py checks."""
    keys: dict[tuple, str] = {}  # the first table (in TABLES order) keyed by the id defines it
    for res, s in schemas.items():
        if len(s.get("primaryKey", ())) == 1:
            keys.setdefault(tuple(s["primaryKey"]), res)
    for res, schema in schemas.items():
        found = []
        for f in schema["fields"]:
            target = keys.get((f["name"],))
            if target and target != res:
                found.append({"fields": [f["name"]],
                              "reference": {"resource": target, "fields": [f["name"]]}})
        if found:
            schema["foreignKeys"] = found


def extract_schema(columns: Mapping[str, str]) -> dict:
    """extract.csv's schema: each column is its table's field (renamed, not unique), or a
    label the app computes (validation/describe.py EXTRACT_COMPUTED)."""
    obs = _model_schema("observations.csv")
    fields = []
    for store_col, out_name in columns.items():
        origin = describe.EXTRACT_ORIGINS.get(store_col)
        if store_col in obs.columns:
            f = field("observations.csv", store_col, obs.columns[store_col])
        elif origin and origin[0] in TABLES and origin[1] in _model_schema(origin[0]).columns:
            f = field(origin[0], origin[1], _model_schema(origin[0]).columns[origin[1]])
            if store_col != origin[1]:
                f["description"] = f"{origin[0]} {origin[1]}: {f['description']}"
        elif store_col in describe.EXTRACT_COMPUTED:
            kind, text = describe.EXTRACT_COMPUTED[store_col]
            f = {"type": kind, "description": text, **(BOOLEAN if kind == "boolean" else {})}
        else:
            f = {"type": "string", "description": f"{out_name} (computed by the app)"}
        constraints = {k: v for k, v in f.pop("constraints", {}).items() if k != "unique"}
        f = {**f, "name": out_name}
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    return {"fields": fields, "missingValues": [""]}


def table_title(file: str) -> str:
    """What a table holds: the first paragraph of its validation model's docstring, after
    'data/<file>: '."""
    doc = (TABLES[file][0].__doc__ or file).strip().split("\n\n", 1)[0]
    text = " ".join(doc.split())
    return text.split(": ", 1)[1] if ": " in text else text


def _resource(name: str, path: str, title: str, schema: dict) -> dict:
    return {"name": name, "path": path, "title": title, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": schema}


def descriptor(version: str, sources: pd.DataFrame, tables: Mapping[str, Sequence[str]],
               extract_columns: Mapping[str, str], created: dt.datetime | None = None) -> dict:
    """datapackage.json for the zip: `tables` are the files of TABLES written, each with its
    columns in order; `extract_columns` the extract's store column -> written name."""
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    schemas = {file.removesuffix(".csv"): table_schema(file, columns)
               for file, columns in tables.items()}
    schemas[EXTRACT.removesuffix(".csv")] = extract_schema(extract_columns)
    _foreign_keys(schemas)
    resources = []
    for file in tables:
        resources.append(_resource(file.removesuffix(".csv"), file, table_title(file),
                                   schemas[file.removesuffix(".csv")]))
    resources.append(_resource("extract", EXTRACT, describe.EXTRACT_TITLE, schemas["extract"]))
    cited = [{"title": f"{r.publisher}: {r.title}", "path": r.url}
             for r in sources.itertuples(index=False)]
    publishers = sorted(set(sources["publisher"]))
    return {
        "profile": PROFILE,
        "name": NAME,
        "title": describe.TITLE,
        "description": describe.DESCRIPTION,
        "version": version,
        "created": created.isoformat().replace("+00:00", "Z"),
        "licenses": [LICENSE],
        "sources": cited,
        "contributors": [{"title": p, "role": "author"} for p in publishers],
        "keywords": ["child protection", "online safety", "statistics", "NCMEC",
                     "Project Arachnid"],
        "resources": resources,
    }
