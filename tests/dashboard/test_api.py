"""HTTP behaviour of the API routes and pages, through Flask's test client."""

import csv
import datetime as dt
import io
import zipfile

import pytest


def test_extract_route_headers_and_body(client):
    r = client.get("/api/extract.csv?indicator=ncmec_cybertipline_reports&from=2019&to=2023"
                   "&geography=CAN,PHL")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ocse-figures_ncmec_cybertipline_'
                                  'reports_2019-2023_CAN-PHL_')
    assert r.data.count(b"\r\n") == 11  # header + 10 rows
    assert r.headers["ETag"]


@pytest.mark.parametrize(
    "qs",
    ["bogus=1", "from=99999", "geography=ZZZ", "indicator=%3Cscript%3E", "from=2019&from=x",
     "to=%FF%FE", "geography=" + "CAN," * 2000],
)
def test_bad_query_strings_get_a_400_with_a_short_message(client, qs):
    r = client.get(f"/api/extract.csv?{qs}")
    assert r.status_code == 400
    assert r.mimetype == "text/plain"
    assert len(r.data) < 2000 and b"Traceback" not in r.data


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_dataset_zip_route_is_a_named_download_of_every_table(client, store):
    r = client.get("/api/dataset.zip")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/zip"
    assert r.headers["Content-Disposition"] == (
        f'attachment; filename="ocse-figures_dataset_{store.version}_'
        f'{dt.date.today():%Y-%m-%d}.zip"')
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    assert archive.testzip() is None  # every member's checksum holds
    counts = store.dataset.row_counts()
    assert sorted(archive.namelist()) == sorted(
        [f"{name}.csv" for name in counts] + ["extract.csv", "README.txt", "datapackage.json"])
    for name, n in counts.items():
        assert len(_csv_rows(archive.read(f"{name}.csv"))) == n, name
    extract = _csv_rows(archive.read("extract.csv"))
    assert len(extract) == counts["observations"]
    assert "indicator_name_fr" not in extract[0]
    assert store.version in archive.read("README.txt").decode()


def test_dataset_zip_route_in_french_adds_french_columns(client):
    r = client.get("/api/dataset.zip?lang=fr")
    extract = _csv_rows(zipfile.ZipFile(io.BytesIO(r.data)).read("extract.csv"))
    assert {"indicator_name", "indicator_name_fr", "geography_name_fr"} <= set(extract[0])


def test_dataset_zip_route_answers_304_to_a_client_that_has_it(client, store):
    first = client.get("/api/dataset.zip")
    etag = first.headers["ETag"].strip('"')
    assert etag.startswith(store.version)
    again = client.get("/api/dataset.zip", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    stale = client.get("/api/dataset.zip", headers={"If-None-Match": '"old-version-1"'})
    assert stale.status_code == 200 and zipfile.ZipFile(io.BytesIO(stale.data)).namelist() \
        == zipfile.ZipFile(io.BytesIO(first.data)).namelist()


def test_healthz_reports_version_and_row_counts(client, store):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["data_version"] == store.version
    assert body["rows"]["observations"] == store.dataset.row_counts()["observations"]


def _texts(node) -> list[str]:
    """Every text in a serialised Dash component tree (what a reader of the page sees)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for child in node for t in _texts(child)]
    if isinstance(node, dict):
        props = node.get("props", node)
        return _texts(props.get("children")) if "children" in props else []
    return []


def routed(client, path: str, search: str = "") -> tuple[list[str], str]:
    """What Dash's page router renders for an address, asked as the browser asks after it has
    loaded the index shell (which is the same for every address): (texts, page title)."""
    client.get("/")  # Dash registers its router on the first request
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:500]
    response = r.get_json()["response"]
    return _texts(response["_pages_content"]["children"]), response["_pages_store"]["data"][
        "title"]


@pytest.mark.parametrize(("path", "heading"), [
    ("/", "Online child sexual exploitation: the public figures"),
    ("/explore", "Explore the figures"),
    ("/sources", "Sources and method"),
    ("/no-such-page", "There is no page at this address"),
    ("/explore/deeper", "There is no page at this address"),
])
def test_each_address_renders_its_own_page(client, path, heading):
    """The page router decides what is shown; an address that is no page answers 404."""
    assert client.get(path).status_code == (404 if heading.startswith("There is no") else 200)
    texts, title = routed(client, path)
    assert heading in texts
    others = {"Explore the figures", "Sources and method", "There is no page at this address"}
    assert not (others - {heading}) & set(texts)
    if heading.startswith("There is no page"):
        assert title == "Not found · OCSE public figures"


def test_an_unknown_address_keeps_its_language(client):
    texts, title = routed(client, "/no-such-page", "?lang=fr")
    assert "Il n'y a aucune page à cette adresse" in texts
    assert "There is no page at this address" not in texts
    assert title == "Page introuvable · Chiffres publics sur l'ESEL"


def test_hostile_explorer_parameters_render_the_explorer_with_a_notice(client):
    assert client.get("/explore?from=99999&%3Cx%3E=1").status_code == 200
    texts, _ = routed(client, "/explore", "?from=99999&%3Cx%3E=1")
    assert "Explore the figures" in texts
    assert any("Ignored 'from=99999'" in t for t in texts), texts[:40]


def test_extract_json_has_the_csv_rows_and_columns(client):
    import csv
    import io

    qs = "indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"
    r = client.get(f"/api/extract.json?{qs}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.headers["Content-Disposition"].endswith('.json"')
    body = r.get_json()
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/api/extract.csv?{qs}").data.decode("utf-8-sig"), newline="")))
    assert body["columns"] == list(rows[0])
    assert len(body["rows"]) == len(rows) == 10
    for js, cs in zip(body["rows"], rows, strict=True):
        assert list(js) == body["columns"]
        assert js["value"] == int(cs["value"]) and isinstance(js["value"], int)
        assert js["period_start"] == cs["period_start"]
        assert js["secondary_source"] is (cs["secondary_source"] == "yes")
        assert js["source_quote"] == cs["source_quote"]
    fr = client.get(f"/api/extract.json?{qs}&lang=fr").get_json()
    assert "geography_name_fr" in fr["columns"] and fr["rows"][0]["qualifier_fr"]


@pytest.mark.parametrize("qs", ["bogus=1", "from=99999", "geography=ZZZ", "width=1200"])
def test_extract_json_bad_parameters_get_a_400(client, qs):
    r = client.get(f"/api/extract.json?{qs}")
    assert r.status_code == 400 and r.mimetype == "text/plain"


@pytest.mark.parametrize("path", ["/no-such-page", "/explore/extra", "/briefings"])
def test_a_path_that_is_no_page_answers_404_with_the_site_page(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.mimetype == "text/html"


@pytest.mark.parametrize("path", ["/api/nope", "/api/extract.xlsx", "/api/"])
def test_an_api_path_that_is_no_route_answers_404_as_plain_text(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.mimetype == "text/plain"
    assert b"/api/extract.csv" in r.data
