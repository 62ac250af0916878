"""Whole callback answers kept by request body (dashboard/memo.py): served again only when
the code that built them marked them pure, never across a data version."""

import copy
import importlib
import json

import pytest

from dashboard import ids, memo, state


def _body(app, output: str, values: dict[str, object]) -> bytes:
    """The request body the browser sends for the callback setting `output`, with `values`
    by 'id.property' (missing ones are None)."""
    app.server.test_client().get("/")  # Dash registers its page router on the first request
    found = [(k, s) for k, s in app.callback_map.items() if output in k.strip(".").split("...")]
    assert found, f"no callback sets {output}"
    key, spec = found[0]
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in key.strip(".").split("...")]
    given = lambda items: [  # noqa: E731
        {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]
    return json.dumps({
        "output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": given(spec["inputs"]), "state": given(spec["state"]),
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"]]}).encode()


def _post(client, body: bytes, **headers):
    client.get("/")  # Dash registers its page router on the first request
    return client.post("/_dash-update-component", data=body,
                       headers={"Content-Type": "application/json", **headers})


def _router(app, path: str, search: str = "") -> bytes:
    return _body(app, "_pages_content.children", {"_pages_location.pathname": path,
                                                  "_pages_location.search": search})


def _view(app, **values) -> bytes:
    by = {f"{ids.INDICATOR}.value": ["ncmec_cybertipline_reports"],
          f"{ids.YEAR_FROM}.value": values.get("year_from", 2019),
          f"{ids.YEAR_TO}.value": 2023, f"{ids.GEOGRAPHY}.value": values.get("geo", ["CAN"]),
          f"{ids.LANG_STORE}.data": values.get("lang")}
    return _body(app, f"{ids.CHART}.figure", by)


@pytest.fixture()
def explore(app):
    return importlib.import_module("pages.explore")


@pytest.fixture(autouse=True)
def no_answers_yet(app):
    """Each test starts with no kept answers (the app, and so its answers, is shared by every
    test of the session)."""
    app.answers.clear()


def test_a_repeated_view_is_answered_with_the_bytes_sent_first_without_running_it(
        app, client, explore, monkeypatch):
    body = _view(app, geo=["CAN", "MEX"], year_from=2020)
    first = _post(client, body)
    assert first.status_code == 200
    kept = len(app.answers)

    def not_again(*_args, **_kwargs):
        raise AssertionError("the callback ran again")

    monkeypatch.setattr(explore, "_build_view", not_again)
    monkeypatch.setattr(explore, "filters_from", not_again)
    again = _post(client, body)
    assert again.status_code == 200 and again.data == first.data
    assert len(app.answers) == kept
    # The same view in French is another body: run (here, into the patched failure), not
    # served from the English answer.
    assert _post(client, _view(app, geo=["CAN", "MEX"], year_from=2020,
                               lang="fr")).status_code == 500


def test_a_kept_answer_gets_the_same_headers_and_compression_as_a_fresh_one(app, client):
    body = _router(app, "/explore", "?geography=CAN,PHL")
    fresh = _post(client, body, **{"Accept-Encoding": "gzip"})
    assert len(app.answers) == 1  # kept (uncompressed) ...
    kept = _post(client, body, **{"Accept-Encoding": "gzip"})
    assert len(app.answers) == 1  # ... and sent again
    assert fresh.status_code == kept.status_code == 200 and kept.data == fresh.data
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Content-Encoding",
                 "Cache-Control", "Content-Type"):
        assert kept.headers.get(name) == fresh.headers.get(name), name
    assert kept.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in kept.headers.get("Vary", "")
    plain = _post(client, body)
    assert "Content-Encoding" not in plain.headers
    assert json.loads(plain.data)["response"]["_pages_content"]["children"]


def test_answers_nobody_marked_pure_are_never_kept(app, client):
    """The site's 404 page and a callback that does not say its answer is pure are answered
    afresh each time."""
    before = len(app.answers)
    for body in (_router(app, "/no-such-page"),
                 _body(app, f"{ids.MILESTONES}.aria-pressed",
                       {f"{ids.MILESTONES}.n_clicks": 3})):
        for _ in range(2):
            assert _post(client, body).status_code == 200
    assert len(app.answers) == before


def test_errors_and_malformed_requests_are_never_kept(app, client, explore, monkeypatch):
    before = len(app.answers)
    assert _post(client, b'{"output": 1}').status_code == 400  # refused by the guard
    body = _view(app, geo=["CAN", "BRA"], year_from=2021)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(explore, "_build_view", broken)
    assert _post(client, body).status_code == 500
    assert len(app.answers) == before
    monkeypatch.undo()
    assert _post(client, body).status_code == 200  # built now, and kept
    assert len(app.answers) == before + 1


def test_a_new_data_version_is_never_answered_from_the_old(app, client, explore,
                                                          monkeypatch):
    body = _view(app, geo=["CAN", "ARG"], year_from=2022)
    old = _post(client, body)
    served = state.store()
    reloaded = copy.copy(served)
    reloaded.version = "reloaded-version"
    reloaded.rows = lambda f: served.rows(f).head(0)  # the new data holds no such rows
    monkeypatch.setattr(state, "store", lambda: reloaded)
    new = _post(client, body)
    assert new.status_code == 200 and new.data != old.data
    rows = json.loads(new.data)["response"][ids.TABLE]["rowData"]
    assert rows == []


def test_answers_are_bounded_in_count_and_bytes():
    answers = memo.answers(max_answers=3, max_bytes=100)
    for i in range(5):
        answers.put((i,), b"x" * 10)
    assert len(answers) == 3 and answers.get((0,)) is None and answers.get((4,)) == b"x" * 10
    answers.get((2,))  # used: kept over (3,)
    answers.put(("big",), b"y" * 85)  # over 100 bytes: the two least recently used go
    assert answers.get((3,)) is None and answers.get((4,)) is None
    assert answers.get((2,)) == b"x" * 10 and answers.get(("big",)) == b"y" * 85
    answers.put(("huge",), b"z" * 101)  # larger than the whole bound: not kept
    assert answers.get(("huge",)) is None and len(answers) == 2
    answers.put((2,), b"w" * 5)  # replacing counts the new size only
    assert answers.weight == 90 and answers.get((2,)) == b"w" * 5


def test_the_walls_page_is_built_once_per_address_language_and_data_version(app, client):
    briefing = importlib.import_module("pages.briefing")
    first = briefing.layout(interval="20", lang="fr")
    assert briefing.layout(interval="20", lang="fr") is first
    assert briefing.layout(interval="20") is not first  # English
    assert briefing.layout(interval="25", lang="fr") is not first
    before = len(app.answers)
    body = _router(app, "/briefing", "?interval=20&lang=fr")
    fresh, kept = _post(client, body), _post(client, body)
    assert fresh.status_code == 200 and kept.data == fresh.data
    assert len(app.answers) == before + 1
    page = json.loads(kept.data)["response"]
    assert page["_pages_store"]["data"]["title"] == "Écran de breffage"
    assert page["_pages_content"]["children"]["props"]["lang"] == "fr"


def test_a_wall_page_missing_a_failed_slide_is_never_kept(app, client, monkeypatch):
    """A wall never shows an error (a slide that fails is left out), but a page missing one
    is this visit's only: the next visit tries the slide again."""
    briefing = importlib.import_module("pages.briefing")

    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setitem(briefing.SLIDES, "arachnid", broken)
    body = _router(app, "/briefing", "?interval=45")
    without = _post(client, body)
    assert without.status_code == 200 and b'"data-slide":"arachnid"' not in without.data
    assert b'"data-slide":"ncmec-trend"' in without.data
    assert len(app.answers) == 0
    monkeypatch.undo()
    again = _post(client, body)
    assert b'"data-slide":"arachnid"' in again.data
    assert len(app.answers) == 1
