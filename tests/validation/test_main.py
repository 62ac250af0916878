"""validation.__main__.main in-process: every outcome is a message and an exit code, no crash."""

from __future__ import annotations

import pytest

from validation.__main__ import USAGE, main

OBS = "observations.csv"

BREAKAGES = {
    "file-missing": lambda p: p.unlink(),
    "empty-file": lambda p: p.write_bytes(b""),
    "not-utf8": lambda p: p.write_bytes(p.read_bytes().replace(b"nearly", b"n\xe9arly")),
    "csv-syntax": lambda p: p.write_bytes(p.read_bytes().replace(b"nearly 9", b'"nearly" 9')),
    "nul-bytes": lambda p: p.write_bytes(p.read_bytes().replace(b"Canada", b"Can\x00ada")),
    "header-only-missing-column": lambda p: p.write_bytes(
        p.read_bytes().split(b"\n")[0].replace(b",note", b"")
    ),
    "a-folder-named-observations.csv": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_broken_file_exits_1_with_messages_only(data_dir, capsys, breakage):
    """A broken file gives exit code 1 and failure lines on stderr, nothing on stdout."""
    breakage(data_dir / OBS)
    assert main([str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert (out, err.splitlines()[0]) == ("", f"1 problem(s) in {data_dir}:")
    assert "  observations.csv" in err


def test_file_path_instead_of_folder_exits_1(data_dir, capsys):
    """Passing a file where a folder is expected is a clear failure."""
    assert main([str(data_dir / OBS)]) == 1
    assert "[folder_exists]: no such folder" in capsys.readouterr().err


def test_help_prints_usage_and_exits_0(capsys):
    """--help is not an error."""
    assert main(["--help"]) == 0
    assert capsys.readouterr().out == USAGE + "\n"


def test_default_folder_is_data(monkeypatch, data_dir, capsys):
    """Without an argument, the data/ folder of the working directory is validated."""
    monkeypatch.chdir(data_dir.parent)
    assert main([]) == 0
    assert capsys.readouterr().out.startswith("OK data: 10 tables, 33 rows")
