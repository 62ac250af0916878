"""HTTP behaviour of the API routes and pages, through Flask's test client."""

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


def test_dataset_zip_route(client):
    r = client.get("/api/dataset.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert r.data[:2] == b"PK"


def test_healthz_reports_version_and_row_counts(client, store):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["data_version"] == store.version
    assert body["rows"]["observations"] == store.dataset.row_counts()["observations"]


@pytest.mark.parametrize("path", ["/", "/explore", "/sources",
                                  "/explore?from=99999&%3Cx%3E=1"])
def test_pages_answer_200(client, path):
    assert client.get(path).status_code == 200


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
