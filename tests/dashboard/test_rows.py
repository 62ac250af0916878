"""dashboard/rows.py (a view's rows as columns) and dashboard/keys.py (row keys) on hand-made
rows and on the store's own: the same rows as the frame, keys alike on both of their paths."""

import numpy as np
import pandas as pd
import pytest

from dashboard import keys
from dashboard.query import Filters
from dashboard.rows import Rows


def _rows() -> Rows:
    return Rows.of(pd.DataFrame({
        "id": ["a", "b", "a", "c"], "value": [1.0, 2.0, 3.0, 4.0],
        "end": pd.to_datetime(["2020-12-31", "2021-12-31", "2020-12-31", "2022-06-30"]),
        "flag": [True, False, True, False]}))


def test_a_frame_becomes_columns_and_back():
    rows = _rows()
    assert len(rows) == 4 and rows.columns == ["id", "value", "end", "flag"]
    assert rows["id"].dtype == object and rows["end"].dtype.kind == "M"
    back = rows.frame()
    assert back["id"].tolist() == ["a", "b", "a", "c"]
    assert back["end"].iloc[3] == pd.Timestamp("2022-06-30")


def test_where_take_head_and_distinct():
    rows = _rows()
    assert rows.where(np.ones(4, bool)) is rows
    picked = rows.where(rows["id"] == "a")
    assert picked["value"].tolist() == [1.0, 3.0]
    assert rows.take([3, 0])["id"].tolist() == ["c", "a"]
    assert rows.head(2)["id"].tolist() == ["a", "b"] and rows.head(9) is rows
    assert rows.distinct("id") == ["a", "b", "c"]
    assert list(rows.records("id", "flag"))[1] == ("b", False)
    assert rows.head(0).empty and not rows.empty
    assert rows.isin("id", {"a", "c"}).tolist() == [True, False, True, True]


def test_objects_are_one_dimensional_whatever_they_hold():
    from dashboard.rows import objects

    assert objects(["ab", "cd"]).shape == (2,) and objects([("a", 1), ("b", 2)]).shape == (2,)
    assert objects(x for x in ["q"]).tolist() == ["q"] and objects([]).dtype == object


def test_assign_fills_scalars_and_keeps_the_other_columns_shared():
    rows = _rows()
    out = rows.assign(kind="x", n=2, done=True, value=rows["value"] * 10)
    assert out["kind"].tolist() == ["x"] * 4 and out["kind"].dtype == object
    assert out["n"].tolist() == [2] * 4 and out["done"].dtype == bool
    assert out["value"].tolist() == [10.0, 20.0, 30.0, 40.0]
    assert rows["value"].tolist() == [1.0, 2.0, 3.0, 4.0]  # the original is unchanged
    assert out["id"] is rows["id"]


def test_concat_and_the_messages_of_misuse():
    rows = _rows()
    both = Rows.concat([rows.head(1), rows.take([2, 3])])
    assert both["id"].tolist() == ["a", "a", "c"] and len(both) == 3
    with pytest.raises(ValueError, match="unequal length"):
        Rows({"a": np.arange(2), "b": np.arange(3)})
    with pytest.raises(KeyError, match="no column 'nope' among"):
        rows["nope"]


def test_the_stores_rows_are_its_query_rows(store):
    f = Filters(("ncmec_cybertipline_reports",), 2019, 2023, ("CAN", "PHL"))
    frame, rows = store.query(f), store.rows(f)
    assert len(rows) == len(frame) > 0
    assert rows.columns == list(frame.columns)
    for column in frame.columns:
        assert rows[column].tolist() == frame[column].tolist(), column
    assert store.rows(f) is rows  # cached like query results


def _key_frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    ends = pd.to_datetime(rng.choice(["2020-12-31", "2021-12-31", None], n))
    return pd.DataFrame({"a": rng.choice(["x", "y", "z"], n).astype(object),
                         "b": rng.integers(0, 4, n), "end": ends})


@pytest.mark.parametrize("n", [50, keys.SMALL + 500])
def test_row_keys_number_rows_by_first_appearance_on_either_path(n):
    df = _key_frame(n)
    expected = df.groupby(["a", "b", "end"], sort=False, dropna=False).ngroup().to_numpy()
    for data in (df, Rows.of(df)):
        assert keys.codes(data, ["a", "b", "end"]).tolist() == expected.tolist()
        assert keys.duplicated(data, ["a", "b"]).tolist() == df.duplicated(["a", "b"]).tolist()
        assert (keys.duplicated(data, ["a", "end"], keep=False).tolist()
                == df.duplicated(["a", "end"], keep=False).tolist())


def test_rows_at_positions_read_each_column_when_first_asked_for():
    from dashboard.index import ArrowText, Coded

    texts = pd.Series([f"t{i}" for i in range(10)], dtype="str")
    source = {"n": np.arange(10) * 10, "text": ArrowText(texts),
              "kind": Coded.of(np.array(["a", "b"] * 5, dtype=object))}
    rows = Rows.at(source, np.array([7, 3, 5]))
    assert rows._columns == {}  # nothing copied yet
    assert rows.columns == ["n", "text", "kind"] and "text" in rows and len(rows) == 3
    later = rows.take([2, 0]).assign(extra=1)
    assert later["text"].tolist() == ["t5", "t7"] and later["n"].tolist() == [50, 70]
    assert later["text"].dtype == object and later.columns == ["n", "text", "kind", "extra"]
    assert later["kind"].tolist() == ["b", "b"] and source["kind"].codes.dtype == np.uint8
    assert rows["n"].tolist() == [70, 30, 50]
    assert rows.where(rows["n"] > 40).frame()["text"].tolist() == ["t7", "t5"]
