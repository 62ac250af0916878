"""`python -m validation.ingest ncmec FILE.pdf [--year YYYY] [--dry-run]`: official table -> data/.

Reads one NCMEC by-company (ESP) or by-country PDF, checks its rows against the printed total,
shows what would change in observations.csv, then (without --dry-run) writes it and runs the
validation, restoring the previous files if the validation fails.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from pathlib import Path

import validation
from validation.ingest import companies, ncmec
from validation.ingest.countries import UnknownCountry
from validation.ingest.rows import read_rows, render, replace_sources
from validation.schemas import TABLES

PUBLISHER = "National Center for Missing & Exploited Children (NCMEC)"
MANIFEST = Path("raw") / "ncmec" / "manifest.csv"
MANIFEST_COLUMNS = ("file", "kind", "year", "source_id", "original_url", "sha256", "copy_from")


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m validation.ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("publisher", choices=["ncmec"], help="whose table this is")
    parser.add_argument("pdf", type=Path, help="the official PDF (keep it in data/raw/ncmec/)")
    parser.add_argument("--year", type=int, help="the table's year, if its title lacks one")
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data folder")
    parser.add_argument("--url", help="the address the PDF was published at (new sources)")
    parser.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    return parser.parse_args(argv)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_rows(data: Path) -> list[dict[str, str]]:
    return read_rows(data / MANIFEST)


def known_url(data: Path, pdf: Path) -> str:
    digest = sha256(pdf)
    for row in manifest_rows(data):
        if row["sha256"] == digest or row["file"] == pdf.name:
            return row["original_url"]
    return ""


def diff(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[str]:
    """Added, changed and removed rows of one source, as a reviewer reads them."""
    def key(r: dict[str, str]) -> tuple[str, str]:
        return r["geography"], r["breakdown"]

    before, after = {key(r): r for r in old}, {key(r): r for r in new}
    lines = []
    for k in sorted(after.keys() - before.keys()):
        lines.append(f"+ added    {k[0]} {k[1]}: {int(after[k]['value']):,}  ({after[k]['quote']})")
    for k in sorted(before.keys() & after.keys()):
        a, b = before[k], after[k]
        if a != b:
            what = [f"{c}: {a[c]!r} -> {b[c]!r}" for c in a if a[c] != b[c]]
            lines.append(f"~ changed  {k[0]} {k[1]}: " + "; ".join(what))
    for k in sorted(before.keys() - after.keys()):
        lines.append(f"- removed  {k[0]} {k[1]}: {int(before[k]['value']):,}  "
                     f"({before[k]['quote']})")
    return lines


def footnoted(table: ncmec.Table) -> set[str]:
    """Names NCMEC marks with '*' (report totals of related platforms combined): never carried
    over from another year, since whether the line is one company or a group needs review."""
    return {line.name.rstrip("*").strip() for line in table.lines if line.name.endswith("*")}


def _source_row(table: ncmec.Table, url: str) -> dict[str, str]:
    return {"source_id": table.source_id, "publisher": PUBLISHER, "title": table.title,
            "url": url, "published": table.published, "language": "en", "kind": "primary",
            "accessed": "", "licence": "",
            "note": "Imported from the official PDF with python -m validation.ingest."}


def _csv_text(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def run(args: argparse.Namespace) -> int:
    """Read one PDF, validate its rows with data/, and write them (or say why not). Longer
    than 40 lines for a reason: each refusal is a message and an exit code, in order."""
    data, pdf = args.data, args.pdf
    if not pdf.is_file():
        print(f"refused: {pdf} does not exist", file=sys.stderr)
        return 1
    try:
        table = ncmec.read_table(pdf, args.year)
        new_rows = ncmec.rows(table)
    except (ncmec.NotRecognised, UnknownCountry) as exc:
        print(f"refused: {pdf.name}: {exc}", file=sys.stderr)
        return 1
    obs_path, src_path = data / "observations.csv", data / "sources.csv"
    current = read_rows(obs_path)
    sources = read_rows(src_path)
    old = [r for r in current if r["source_id"] == table.source_id]
    try:
        mappings = companies.mappings_for(data, table.source_id, new_rows, footnoted(table))
    except companies.UnknownCompanies as exc:
        print(f"refused: {pdf.name}: {exc}", file=sys.stderr)
        return 1
    changes = diff(old, new_rows)
    new_source = None
    if table.source_id not in {s["source_id"] for s in sources}:
        url = args.url or known_url(data, pdf)
        if not url:
            print(f"refused: {table.source_id} is a new source; pass --url with the address "
                  "NCMEC published the PDF at", file=sys.stderr)
            return 1
        new_source = _source_row(table, url)
        changes.insert(0, f"+ source   {table.source_id}: {table.title} ({url})")
    print(f"{pdf.name}: {table.title}, {len(table.lines)} rows adding up to the printed "
          f"{table.total_label} {table.total:,}")
    print("\n".join(changes) if changes else "no changes: data/ already holds this table")
    summary = _summary(changes)
    if args.dry_run:
        print(f"dry run: nothing written ({summary})")
        return 0
    if not changes:
        return 0
    return _write_and_validate(data, table, pdf, replace_sources(current, {table.source_id},
                                                                 new_rows), sources,
                               new_source, summary, mappings)


def _summary(changes: list[str]) -> str:
    counts = {kind: sum(line.startswith(mark) for line in changes)
              for kind, mark in (("added", "+ added"), ("changed", "~"), ("removed", "-"))}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def _write_and_validate(data: Path, table: ncmec.Table, pdf: Path, rows: list[dict[str, str]],
                        sources: list[dict[str, str]], new_source: dict | None,
                        summary: str, mappings: list[dict[str, str]]) -> int:
    obs_path, src_path = data / "observations.csv", data / "sources.csv"
    names_path = data / companies.FILE
    backup = {p: p.read_bytes() for p in (obs_path, src_path, names_path)}
    obs_path.write_text(render(rows), encoding="utf-8")
    names_path.write_text(_csv_text(mappings, companies.COLUMNS), encoding="utf-8")
    if new_source:
        src_path.write_text(_csv_text([*sources, new_source], TABLES["sources.csv"][1]),
                            encoding="utf-8")
    try:
        validation.load(data)
    except validation.ValidationFailed as exc:
        for path, content in backup.items():
            path.write_bytes(content)
        print(f"{exc}\nnot imported: the validation failed, data/ is unchanged", file=sys.stderr)
        return 1
    _record_in_manifest(data, table, pdf, new_source)
    print(f"imported into {obs_path} ({summary}); validation passed")
    return 0


def _record_in_manifest(data: Path, table: ncmec.Table, pdf: Path, source: dict | None) -> None:
    """A PDF kept under data/raw/ncmec/ is listed with its checksum, once."""
    raw = (data / MANIFEST).parent
    if pdf.resolve().parent != raw.resolve():
        return
    rows = manifest_rows(data)
    if any(r["file"] == pdf.name for r in rows):
        return
    url = source["url"] if source else known_url(data, pdf)
    kind = "by_company" if table.kind == "esp" else "by_country"
    rows.append({"file": pdf.name, "kind": kind, "year": str(table.year),
                 "source_id": table.source_id, "original_url": url, "sha256": sha256(pdf),
                 "copy_from": "imported with python -m validation.ingest"})
    (data / MANIFEST).write_text(_csv_text(rows, MANIFEST_COLUMNS), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    return run(_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
