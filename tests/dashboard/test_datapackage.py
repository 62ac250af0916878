"""/api/dataset.zip is a Frictionless Data Package whose Table Schemas come from the pandera
models: `frictionless validate` passes on it, and the observations read back typed."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pandera.pandas as pa
import pytest
from pandera.typing.pandas import Series

from dashboard import datapackage, extract
from validation import describe
from validation.schemas import SNAKE_ID, TABLES

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def _unpack(client, tmp_path: Path, qs: str = "") -> Path:
    r = client.get(f"/api/dataset.zip{qs}")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.data)) as zf:
        zf.extractall(tmp_path)
    return tmp_path / "datapackage.json"


def _validate(path: Path) -> dict:
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", str(path.name)],
                          cwd=path.parent, capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def package_dir(app, tmp_path_factory) -> Path:
    return _unpack(app.server.test_client(), tmp_path_factory.mktemp("package"))


def test_frictionless_validate_passes_on_the_downloaded_package(package_dir):
    report = _validate(package_dir)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]
    names = {task["name"] for task in report["tasks"]}
    assert names == {f.removesuffix(".csv") for f in TABLES} | {"extract"}


def test_package_metadata(package_dir, store):
    d = json.loads(package_dir.read_text(encoding="utf-8"))
    assert d["name"] == "ocse-public-figures" and d["title"]
    assert d["version"] == store.version
    assert dt.datetime.fromisoformat(d["created"].replace("Z", "+00:00")).tzinfo
    assert d["licenses"][0]["name"] and d["licenses"][0]["title"]
    assert len(d["sources"]) == len(store.sources)
    assert all(s["path"].startswith("http") for s in d["sources"])
    assert {c["title"] for c in d["contributors"]} == set(store.sources["publisher"])


def test_observations_load_back_with_their_types(package_dir):
    from frictionless import Package

    package = Package(str(package_dir))
    rows = package.get_resource("observations").read_rows()
    assert len(rows) > 2000
    row = next(r for r in rows if r["indicator_id"] == "ncmec_cybertipline_reports"
               and r["geography"] == "CAN" and r["period_start"] == dt.date(2021, 1, 1))
    assert row["period_end"] == dt.date(2021, 12, 31)
    assert isinstance(row["value"], (int, Decimal)) and row["value"] == 62084
    assert row["qualifier"] == "exact"
    assert isinstance(package.get_resource("events").read_rows()[0]["date"], dt.date)


def test_every_field_is_typed_described_and_keyed(package_dir):
    d = json.loads(package_dir.read_text(encoding="utf-8"))
    for resource in d["resources"]:
        schema = resource["schema"]
        for f in schema["fields"]:
            assert f["type"] in {"string", "number", "date", "boolean"}, f
            assert f["description"] and "(checks:" not in f["description"], (
                f"{resource['name']}.{f['name']}: describe it in validation/describe.py")
        if resource["name"] != "extract":
            assert schema["primaryKey"], resource["name"]
    by_name = {r["name"]: r["schema"] for r in d["resources"]}
    obs = by_name["observations"]
    assert obs["primaryKey"] == list(TABLES["observations.csv"][0].to_schema().unique)
    assert {fk["reference"]["resource"] for fk in obs["foreignKeys"]} == {"sources",
                                                                          "indicators"}
    fields = {f["name"]: f for f in obs["fields"]}
    assert fields["value"]["type"] == "number"
    assert fields["value"]["constraints"] == {"required": True, "minimum": 0}
    assert fields["period_start"]["type"] == "date"
    assert fields["qualifier"]["constraints"]["enum"] == ["exact", "at_least", "approx"]
    assert fields["geography"]["constraints"]["pattern"] == "(?:[A-Z]{3})"
    sources = {f["name"]: f for f in by_name["sources"]["fields"]}
    assert sources["source_id"]["constraints"]["unique"] is True
    assert "required" not in sources["published"]["constraints"]  # undated sources exist


def test_every_column_of_every_table_has_a_description():
    for file, (model, columns) in TABLES.items():
        for column in columns:
            assert describe.COLUMNS.get(file, {}).get(column) or \
                model.to_schema().columns[column].description, (
                    f"{file} {column}: add a sentence to validation/describe.py")


def test_schema_follows_a_table_added_to_the_models(monkeypatch):
    """A new table in TABLES is in the package with no change to the generator."""

    class Widgets(pa.DataFrameModel):
        """data/widgets.csv: a table the generator has never seen."""

        company_id: Series[str] = pa.Field(str_matches=SNAKE_ID, unique=True)
        name: Series[str] = pa.Field(description="The company's name.")
        kind: Series[str] = pa.Field(isin=("esp", "other"))

    monkeypatch.setitem(TABLES, "widgets.csv",
                        (Widgets, tuple(Widgets.to_schema().columns)))
    schema = datapackage.table_schema("widgets.csv")
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == ["company_id", "name", "kind"]
    assert schema["primaryKey"] == ["company_id"]
    assert fields["company_id"]["constraints"]["pattern"] == f"(?:{SNAKE_ID[1:-1]})"
    assert fields["kind"]["constraints"]["enum"] == ["esp", "other"]
    assert fields["name"]["description"] == "The company's name."


def test_french_package_adds_the_french_columns(client, tmp_path):
    en = json.loads(_unpack(client, tmp_path / "en").read_text(encoding="utf-8"))
    fr_path = _unpack(client, tmp_path / "fr", "?lang=fr")
    fr = json.loads(fr_path.read_text(encoding="utf-8"))

    def names(d):
        return [f["name"] for f in next(r for r in d["resources"]
                                        if r["name"] == "extract")["schema"]["fields"]]

    added = set(names(fr)) - set(names(en))
    assert set(extract.FRENCH_COLUMNS.values()) <= added
    assert _validate(fr_path)["valid"]


def test_a_broken_table_fails_the_package_schema(package_dir, tmp_path):
    """The schema constrains: a value that is not a number, or an unknown source, fails."""
    for file in package_dir.parent.iterdir():
        (tmp_path / file.name).write_bytes(file.read_bytes())
    obs = tmp_path / "observations.csv"
    text = obs.read_text(encoding="utf-8-sig").splitlines()
    cells = text[1].split(",")
    cells[text[0].split(",").index("value")] = "lots"
    text[1] = ",".join(cells)
    obs.write_text("\ufeff" + "\r\n".join(text) + "\r\n", encoding="utf-8")
    report = _validate(tmp_path / "datapackage.json")
    assert not report["valid"]
    errors = [e for t in report["tasks"] for e in t["errors"]]
    assert any(e["type"] == "type-error" and e["fieldName"] == "value" for e in errors)


def test_zip_readme_points_to_the_schema(package_dir):
    readme = (package_dir.parent / "README.txt").read_text(encoding="utf-8")
    assert "datapackage.json" in readme and datapackage.SPEC in readme
