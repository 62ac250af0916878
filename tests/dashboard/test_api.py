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


@pytest.mark.parametrize("path", ["/", "/explore", "/sources", "/no-such-page",
                                  "/explore?from=99999&%3Cx%3E=1"])
def test_pages_answer_200(client, path):
    assert client.get(path).status_code == 200
