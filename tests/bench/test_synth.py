"""bench/synth.py writes data folders that pass validation, so the scale benchmark measures
the app on data the contract accepts (it rotted once: tables added to the contract were
missing from its folders and the 1M-row run could not start)."""

import sys
from pathlib import Path

import validation

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synth  # noqa: E402


def test_a_synthetic_folder_is_valid_and_exactly_as_large_as_asked(tmp_path):
    shape = synth.write(3500, tmp_path)
    dataset = validation.load(tmp_path)
    obs = dataset.observations
    assert len(obs) == 3500 and shape.synthetic == 3500 - shape.real > 0
    mine = obs[obs["source_id"] == synth.SOURCE]
    assert set(mine["breakdown"]) <= set(shape.companies)
    mapped = dataset.company_names
    assert set(mapped.loc[mapped["source_id"] == synth.SOURCE, "printed_name"]) == set(
        shape.companies)
    assert set(synth.VIEW_GEOS) <= set(mine["geography"])
