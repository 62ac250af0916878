"""`python -m validation [DATA_DIR]`: print every failure (file:line, column, check, hint)."""

from __future__ import annotations

import sys
from pathlib import Path

from validation import ValidationFailed, load

USAGE = "usage: python -m validation [DATA_DIR]   (default: data)"


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0] in ("-h", "--help")):
        print(USAGE, file=sys.stderr if len(argv) > 1 else sys.stdout)
        return 2 if len(argv) > 1 else 0
    data_dir = Path(argv[0] if argv else "data")
    try:
        dataset = load(data_dir)
    except ValidationFailed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    counts = dataset.row_counts()
    total = sum(counts.values())
    parts = ", ".join(f"{name} {n:,}" for name, n in counts.items())
    print(f"OK {data_dir}: {len(counts)} tables, {total:,} rows ({parts}); "
          f"version {dataset.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
