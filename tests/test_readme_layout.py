"""README's layout table (the module map) names only files and folders that exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _named_paths() -> list[Path]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    out = []
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        names = re.findall(r"`([^`]+)`", line.split("|")[1])
        folder = Path(names[0]).parent  # `dashboard/figures.py`, `theme.py`: one folder
        out += [ROOT / names[0]] + [ROOT / folder / n for n in names[1:]]
    return out


def test_every_module_the_layout_table_names_exists():
    named = _named_paths()
    assert len(named) > 20
    assert [str(p.relative_to(ROOT)) for p in named if not p.exists()] == []
