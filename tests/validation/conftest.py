"""A small valid data folder, and helpers to break it one cell or one line at a time."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import validation

REPO = Path(__file__).resolve().parents[2]
REAL_DATA = REPO / "data"

Rows = list[dict[str, str]]
Tables = dict[str, Rows]

# The valid fixture, file by file. Line 1 is the header; tests address rows by file line.
VALID_CSV: dict[str, str] = {
    # 2-3 NCMEC tables that are complete (their parts must add up); 4 a report naming some
    # countries only; 5 published as a year only; 6 cited by endorsements and events; 7 by nothing.
    "sources.csv": """\
source_id,publisher,publisher_fr,title,title_fr,url,published,language,kind,accessed,licence,note
ncmec_country_2021,NCMEC,,2021 Reports by Country,,https://missingkids.org/c2021.pdf,2022,en,primary,,,
ncmec_esp_2021,NCMEC,,2021 Reports by ESP,,https://missingkids.org/e2021.pdf,2022-03,en,primary,,,
ncmec_ojjdp_2021,NCMEC / OJJDP,,CY 2021 Report,,https://missingkids.org/o2021.pdf,2022-04-28,en,primary,,,
c3p_2021,Canadian Centre for Child Protection,Centre canadien de protection de l’enfance,Arachnid,,https://protectchildren.ca/a,2021,en;fr,primary,2026-11-20,,
vp_launch_2020,Government of Canada,,Principles launched,,http://example.gc.ca/vp,2020-03-05,en,primary,,,
statcan_2022,Statistics Canada,,"Crime, 2022",,https://statcan.gc.ca/n1,,en;fr,primary,,OL,
""",
    "indicators.csv": """\
indicator_id,name_en,name_fr,unit,definition_en,definition_fr,caveat_en,caveat_fr,topic
ncmec_cybertipline_reports,Reports,Rapports,reports,Sent.,Reçus.,Not victims.,Pas victimes.,ncmec
arachnid_notifications,Notices,Avis,notifications,Notices sent.,Avis envoyés.,,,arachnid
arachnid_removals,Removals,Retraits,images,Images removed.,Images retirées.,,,arachnid
""",
    # 2-3 removals within notifications; 4-6 two countries adding up to the world total of a
    # complete table; 7-9 two companies adding up to its companies' (ESP) total; 10-11 one
    # country below the world total of a source that is no complete table.
    "observations.csv": """\
indicator_id,period_start,period_end,end_precision,geography,breakdown,value,qualifier,source_id,quote,note
arachnid_notifications,2021-01-01,2021-12-31,day,WLD,total,1000,at_least,c3p_2021,over 1000,
arachnid_removals,2021-01-01,2021-12-31,day,WLD,total,900,approx,c3p_2021,nearly 900,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,CAN,total,60,exact,ncmec_country_2021,Canada 60,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,USA,total,40,exact,ncmec_country_2021,US 40,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,WLD,total,100,exact,ncmec_country_2021,Total 100,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,WLD,Acme,70,exact,ncmec_esp_2021,Acme 70,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,WLD,Beta Corp,25,exact,ncmec_esp_2021,Beta 25,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,WLD,reporter:esp,95,exact,ncmec_esp_2021,All 95,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,CAN,total,60,exact,ncmec_ojjdp_2021,Canada: 60,
ncmec_cybertipline_reports,2021-01-01,2021-12-31,day,WLD,total,100,exact,ncmec_ojjdp_2021,in all 100,
""",
    "endorsements.csv": """\
company,endorsed_on,date_precision,source_id,quote
Acme,2020-03-05,day,vp_launch_2020,"Acme, Beta Corp have endorsed."
Beta Corp,,unknown,vp_launch_2020,"Acme, Beta Corp have endorsed."
""",
    "events.csv": """\
date,date_precision,event_en,event_fr,source_id
2020-03-05,day,Principles launched.,Lancement des Principes.,vp_launch_2020
2020-03-01,month,Six companies consulted.,Six entreprises consultées.,vp_launch_2020
""",
    # 2 a group with 3 a member; 4 a company on its own; 5 named by nothing.
    "companies.csv": """\
company_id,name,parent_id,note
acme-group,Acme Group,,
acme,Acme,acme-group,
beta,Beta Corp,,
spare,Spare Ltd,,
""",
    "company_names.csv": """\
source_id,printed_name,company_id,scope,scope_note_en,scope_note_fr
ncmec_esp_2021,Acme,acme,company,,
ncmec_esp_2021,Beta Corp,beta,company,,
""",
    "complete_tables.csv": """\
source_id,parts,note
ncmec_country_2021,countries,
ncmec_esp_2021,companies,
""",
    "series_breaks.csv": """\
indicator_id,starts_on,note_en,note_fr,source_id
ncmec_cybertipline_reports,2021-01-01,Counted anew.,Compté autrement.,ncmec_ojjdp_2021
""",
    # 2 prefers the OJJDP report's world total over the country table's (the same value).
    "preferred_overrides.csv": """\
indicator_id,period_start,period_end,geography,breakdown,source_id,reason
ncmec_cybertipline_reports,2021-01-01,2021-12-31,WLD,total,ncmec_ojjdp_2021,Reviewed.
""",
}
HEADERS: dict[str, tuple[str, ...]] = {
    file: tuple(text.split("\n", 1)[0].split(",")) for file, text in VALID_CSV.items()
}


def valid_tables() -> Tables:
    """The valid fixture as rows of cells, fresh for each caller to change."""
    return {file: list(csv.DictReader(io.StringIO(text))) for file, text in VALID_CSV.items()}


def write_tables(folder: Path, tables: Tables) -> Path:
    """Write each table as the project does: UTF-8, LF line ends, minimal quoting."""
    folder.mkdir(parents=True, exist_ok=True)
    for file, rows in tables.items():
        with (folder / file).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=HEADERS[file], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A folder holding the valid fixture."""
    return write_tables(tmp_path / "data", valid_tables())


@pytest.fixture
def tables() -> Tables:
    """A fresh copy of the valid fixture, to change before writing it with `write`."""
    return valid_tables()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[Tables], Path]:
    """Write given tables to the test's data folder and return the folder."""
    return lambda tables: write_tables(tmp_path / "data", tables)


@pytest.fixture
def broken(write) -> Callable[[str, int, str, str], Path]:
    """The valid fixture with one cell changed, addressed by file line (header = 1), written."""

    def change(file: str, line: int, column: str, value: str) -> Path:
        tables = valid_tables()
        tables[file][line - 2][column] = value
        return write(tables)

    return change


@pytest.fixture
def failures_of() -> Callable[[Path], list[validation.Failure]]:
    """The failures `load` raises for a folder; the test fails if the folder validates."""

    def failures(data_dir: Path) -> list[validation.Failure]:
        with pytest.raises(validation.ValidationFailed) as caught:
            validation.load(data_dir)
        return caught.value.failures

    return failures


@pytest.fixture
def real_data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the repository's data/ folder, to break or regenerate."""
    return Path(shutil.copytree(REAL_DATA, tmp_path / "data"))


@pytest.fixture(scope="session")
def real_dataset() -> validation.Dataset:
    """The repository's own data/, loaded once for every test that reads it."""
    return validation.load(REAL_DATA)


# `python -m validation` as a user runs it. Each run pays a second of imports, so the runs start
# in the background as the session starts, overlapping the in-process tests, and
# test_subprocess_cli.py (which sorts last) reads their results. Name -> (folder -> argv).
CLI_RUNS: dict[str, Callable[[Path], list[str]]] = {
    "valid-fixture": lambda folder: [str(write_tables(folder, valid_tables()))],
    "real-data": lambda folder: [str(REAL_DATA)],
    "broken-real-copy": lambda folder: [str(_real_copy_with_value(folder, "1,000"))],
    "missing-folder": lambda folder: [str(folder / "nowhere")],
    "two-arguments": lambda folder: ["data", "data"],
    "binary-renamed": lambda folder: [str(_valid_with_binary_observations(folder))],
}


def _real_copy_with_value(folder: Path, value: str) -> Path:
    """A copy of data/ whose first observation (line 2) has `value` typed in."""
    shutil.copytree(REAL_DATA, folder)
    path = folder / "observations.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["value"] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADERS["observations.csv"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def _valid_with_binary_observations(folder: Path) -> Path:
    write_tables(folder, valid_tables())
    (folder / "observations.csv").write_bytes(bytes(range(256)) * 64)
    return folder


class BackgroundRuns:
    """Subprocesses started together; each one's result is collected when first asked for."""

    def __init__(self, started: dict[str, subprocess.Popen]):
        self._started = started
        self._done: dict[str, subprocess.CompletedProcess] = {}

    @property
    def names(self) -> list[str]:
        return list(self._started)

    def __getitem__(self, name: str) -> subprocess.CompletedProcess:
        if name not in self._done:
            proc = self._started[name]
            out, err = proc.communicate(timeout=120)
            self._done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        return self._done[name]

    def stop(self) -> None:
        for proc in self._started.values():
            if proc.poll() is None:
                proc.kill()
            proc.communicate()


@pytest.fixture(scope="session")
def cli_runs(tmp_path_factory) -> Iterator[BackgroundRuns]:
    """Every run of CLI_RUNS, started at once from the repository root."""
    started = {}
    for name, argv in CLI_RUNS.items():
        args = argv(tmp_path_factory.mktemp(name) / "data")
        started[name] = subprocess.Popen(
            [sys.executable, "-m", "validation", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    runs = BackgroundRuns(started)
    yield runs
    runs.stop()


@pytest.fixture(scope="session", autouse=True)
def _start_cli_runs_early(request) -> None:
    """Start the subprocess runs first when the CLI tests are among those chosen."""
    if any(item.path.name == "test_subprocess_cli.py" for item in request.session.items):
        request.getfixturevalue("cli_runs")
