"""Synthetic data folders for the scale benchmark: valid data/ tables with N observations.

It copies every table of data/ (validation.schemas.TABLES), then adds one synthetic monthly
indicator (`bench_synthetic_reports`) cited to one synthetic source (`bench_synthetic`) and
fills observations.csv up to exactly N rows with its figures: many real geographies (ISO
3166-1 alpha-3 codes from pycountry, CAN and PHL first) x companies x months (2019-01 ..
2023-12), each company in companies.csv and company_names.csv as the contract asks. Values
are exact integers, every key is unique, and the folder passes `python -m validation DIR`
(with --check this script runs that itself; tests/bench/test_synth.py checks a small one).
Rows are appended by the column names of each table's own header, so a column added to the
contract is left empty here rather than shifting the others.

The synthetic source's kind is `primary` so that its rows are drawn and tabled exactly as a
real organisation's figures are (the work being measured); its note says it is synthetic, and
such a folder only ever lives in a temporary directory.

    .venv/bin/python bench/synth.py 100000 /tmp/synth-100k [--check] [--seed 7]

Because the real rows stay in, every page of the app works on a synthetic folder exactly as on
data/; the synthetic rows are what grows.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import math
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from validation.schemas import TABLES  # noqa: E402 (the repository has to be on the path)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
INDICATOR = "bench_synthetic_reports"
SOURCE = "bench_synthetic"
FIRST_YEAR, LAST_YEAR = 2019, 2023
MONTHS = [(y, m) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]
# The explorer view the scale runs ask for: one indicator, a year range, two geographies.
VIEW_GEOS = ("CAN", "PHL")
VIEW_YEARS = (2021, 2022)
OBS_COLUMNS = ("indicator_id", "period_start", "period_end", "end_precision", "geography",
               "breakdown", "value",
               "qualifier", "source_id", "quote", "note")

SOURCE_ROW = {
    "source_id": SOURCE,
    "publisher": "Benchmark generator (synthetic data)",
    "title": "Synthetic monthly figures for performance tests",
    "url": "https://example.org/bench/synthetic",
    "published": "2025",
    "language": "en",
    "kind": "primary",
    "note": "Synthetic: not a real figure. Written by bench/synth.py for performance tests only.",
}
INDICATOR_ROW = {
    "indicator_id": INDICATOR,
    "name_en": "Synthetic monthly reports (benchmark)",
    "name_fr": "Signalements mensuels synthétiques (banc d'essai)",
    "unit": "reports",
    "definition_en": "Synthetic monthly counts by country and company, generated for load tests.",
    "definition_fr": "Nombres mensuels synthétiques par pays et entreprise, pour les tests de "
                     "charge.",
    "caveat_en": "",
    "caveat_fr": "",
    "topic": "ncmec",
}


@dataclass(frozen=True)
class Shape:
    """How the synthetic rows are laid out (the rest of N is the real observations)."""

    rows: int  # total observations, real ones included
    real: int
    synthetic: int
    geographies: tuple[str, ...]
    companies: tuple[str, ...]
    months: int


def geography_codes() -> list[str]:
    """Real ISO alpha-3 codes, the two the benchmark view asks for first."""
    rest = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in VIEW_GEOS)
    return [*VIEW_GEOS, *rest]


def shape(rows: int, real: int) -> Shape:
    """Geographies grow like rows^0.6 (capped at every ISO code), companies take the rest."""
    synthetic = rows - real
    if synthetic < 1:
        raise ValueError(f"{rows:,} observations asked for, but data/ already has {real:,}")
    codes = geography_codes()
    per_month = synthetic / len(MONTHS)
    n_geo = min(len(codes), max(10, int(per_month**0.6)))
    n_comp = max(1, math.ceil(synthetic / (len(MONTHS) * n_geo)))
    companies = tuple(f"Synthetic Company {i:03d}" for i in range(1, n_comp + 1))
    return Shape(rows, real, synthetic, tuple(codes[:n_geo]), companies, len(MONTHS))


def _line_count(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    """Rows appended by the column names of the file's header (columns not given: empty)."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader([text.splitlines()[0].lstrip("\ufeff")]))
    unknown = {k for row in rows for k in row} - set(header)
    if unknown:
        raise ValueError(f"{path.name} has no column {sorted(unknown)}: its header is {header}")
    with path.open("a", newline="", encoding="utf-8") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        csv.DictWriter(f, header, restval="", lineterminator="\n").writerows(rows)


def company_id(name: str) -> str:
    return name.lower().replace(" ", "-")


def observations(s: Shape, seed: int):
    """The synthetic rows, company by company, geography by geography, month by month."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    month_spans = []
    for y, m in MONTHS:
        last = calendar.monthrange(y, m)[1]
        month_spans.append((f"{y}-{m:02d}-01", f"{y}-{m:02d}-{last:02d}", f"{y}-{m:02d}"))
    n = 0
    for company in s.companies:
        for geo in s.geographies:
            for start, end, label in month_spans:
                if n == s.synthetic:
                    return
                value = rng.randrange(1, 2_000_000)
                quote = f"Synthetic figure: {value:,} reports for {geo} via {company} in {label}."
                yield (INDICATOR, start, end, "day", geo, company, str(value), "exact", SOURCE,
                       quote, "")
                n += 1


def write(rows: int, out: Path, source: Path = DATA, seed: int = 1) -> Shape:
    """Write a data folder with exactly `rows` observations into `out` (created or replaced)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        shutil.copyfile(source / name, out / name)
    s = shape(rows, _line_count(out / "observations.csv"))
    _append(out / "sources.csv", [SOURCE_ROW])
    _append(out / "indicators.csv", [INDICATOR_ROW])
    _append(out / "companies.csv", [{"company_id": company_id(c), "name": c}
                                    for c in s.companies])
    _append(out / "company_names.csv", [{"source_id": SOURCE, "printed_name": c,
                                         "company_id": company_id(c), "scope": "company"}
                                        for c in s.companies])
    with (out / "observations.csv").open("a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(observations(s, seed))
    return s


def view_filters(s: Shape, count: int, seed: int = 3) -> list[dict]:
    """`count` distinct explorer filters on the synthetic indicator (two geographies and a
    year range each), shuffled: enough of them that no worker's query cache can hold them."""
    years = [(a, b) for a in range(FIRST_YEAR, LAST_YEAR + 1)
             for b in range(a, LAST_YEAR + 1)]
    geos = s.geographies
    out = []
    for step in range(1, len(geos)):
        for i in range(len(geos)):
            pair = (geos[i], geos[(i + step) % len(geos)])
            for y in years:
                out.append({"ind": [INDICATOR], "from": y[0], "to": y[1], "geo": list(pair)})
    seen, unique = set(), []
    for f in out:
        key = (frozenset(f["geo"]), f["from"], f["to"])
        if key not in seen:
            seen.add(key)
            unique.append(f)
    random.Random(seed).shuffle(unique)  # noqa: S311 (a reproducible order)
    return unique[:count]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("rows", type=int, help="total observations (the real ones included)")
    p.add_argument("out", type=Path, help="folder to write (created; tables replaced)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--check", action="store_true", help="run `python -m validation OUT` after")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    s = write(args.rows, args.out, seed=args.seed)
    size = (args.out / "observations.csv").stat().st_size
    print(f"wrote {args.out}: {s.rows:,} observations ({s.real:,} real + {s.synthetic:,} "
          f"synthetic = {len(s.geographies)} geographies x {len(s.companies)} companies x "
          f"{s.months} months, truncated), observations.csv {size / 2**20:.1f} MiB, "
          f"{time.perf_counter() - t0:.1f} s")
    if args.check:
        done = subprocess.run([sys.executable, "-m", "validation", str(args.out)], cwd=ROOT,
                              check=False)
        return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
