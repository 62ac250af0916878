"""Failures as a reader sees them: file, line, column, check, offending value, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Failure:
    """One thing wrong with the data, located precisely enough to fix it in an editor."""

    file: str
    line: int | None
    column: str | None
    check: str
    value: str
    hint: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" column '{self.column}'" if self.column else ""
        value = f" value {self.value!r}" if self.value != "" else ""
        return f"{where}:{column} [{self.check}]{value}: {self.hint}"


class ValidationFailed(Exception):
    """Raised by `validation.load` with every failure found, never only the first."""

    def __init__(self, data_dir: str, failures: list[Failure]):
        self.data_dir = data_dir
        self.failures = sorted(failures, key=_sort_key)
        super().__init__(format_failures(self.failures, data_dir))


def _sort_key(f: Failure) -> tuple:
    return (f.file, f.line or 0, f.column or "", f.check, f.value)


def short(value: object, limit: int = 80) -> str:
    """Offending values are echoed back; keep them one line and bounded."""
    text = "" if value is None else str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_failures(failures: list[Failure], data_dir: str) -> str:
    lines = [f"{len(failures)} problem(s) in {data_dir}:"]
    lines += [f"  {f}" for f in sorted(failures, key=_sort_key)]
    return "\n".join(lines)
