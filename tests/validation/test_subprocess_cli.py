"""`python -m validation DIR` (validation/__main__.py) as a user runs it, in a subprocess.

The runs are defined in conftest.CLI_RUNS and started in the background as the session starts;
the broken files not run here go through the same main() in-process, in test_main.py.
"""

from __future__ import annotations

import re

import pytest

SUMMARY = re.compile(
    r"OK .+: 10 tables, [\d,]+ rows \(sources [\d,]+, indicators [\d,]+, observations [\d,]+, "
    r"endorsements [\d,]+, events [\d,]+, companies [\d,]+, company_names [\d,]+, "
    r"preferred_overrides [\d,]+, series_breaks [\d,]+, complete_tables [\d,]+\); "
    r"version [0-9a-f]{12}\n"
)
RUN_NAMES = [
    "valid-fixture",
    "real-data",
    "broken-real-copy",
    "missing-folder",
    "two-arguments",
    "binary-renamed",
]


def test_every_run_is_checked_here(cli_runs):
    """Every run conftest starts is among those checked for tracebacks below."""
    assert sorted(cli_runs.names) == sorted(RUN_NAMES)


@pytest.mark.parametrize("name", ["valid-fixture", "real-data"])
def test_valid_folder_exits_0_with_one_line_summary(cli_runs, name):
    """A valid folder prints one summary line on stdout and nothing on stderr."""
    result = cli_runs[name]
    assert (result.returncode, result.stderr) == (0, "")
    assert SUMMARY.fullmatch(result.stdout), result.stdout


def test_valid_fixture_summary_counts_its_rows(cli_runs):
    """The summary counts every table's rows."""
    counts = (
        "10 tables, 33 rows (sources 6, indicators 3, observations 10, endorsements 2, events 2, "
        "companies 4, company_names 2, preferred_overrides 1, series_breaks 1, complete_tables 2)"
    )
    assert counts in cli_runs["valid-fixture"].stdout


def test_broken_copy_exits_1_and_prints_the_located_failure(cli_runs):
    """A bad cell is printed on stderr as file:line: column ..."""
    result = cli_runs["broken-real-copy"]
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("1 problem(s) in ")
    assert "\n  observations.csv:2: column 'value' [plain_number] value '1,000': " in result.stderr


def test_missing_folder_exits_1_with_clear_message(cli_runs):
    """A folder that is not there says so."""
    result = cli_runs["missing-folder"]
    assert result.returncode == 1
    assert "nowhere: [folder_exists]: no such folder" in result.stderr


def test_two_arguments_is_a_usage_error(cli_runs):
    """More than one argument prints the usage on stderr and exits 2."""
    result = cli_runs["two-arguments"]
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: python -m validation [DATA_DIR]")


def test_binary_file_renamed_exits_1_with_its_failure(cli_runs):
    """A binary file under a table's name is one readable line, not a crash."""
    result = cli_runs["binary-renamed"]
    assert result.returncode == 1
    assert "observations.csv:1: [not_csv]: the file holds NUL bytes" in result.stderr


@pytest.mark.parametrize("name", RUN_NAMES)
def test_never_a_traceback(cli_runs, name):
    """Whatever the input, the user sees messages, never a Python traceback."""
    assert "Traceback" not in cli_runs[name].stderr
