"""Downloads are described as files in OpenAPI (issue 13, finding 9), so that a generated client
keeps the bytes of an export or a template instead of dropping an undescribed body."""

from fastapi.testclient import TestClient

DOWNLOADS = {
    "/api/v1/reports/{report_id}/export.xlsx": "application/vnd.openxmlformats-officedocument"
    ".spreadsheetml.sheet",
    "/api/v1/reports/{report_id}/export.csv": "text/csv; charset=utf-8",
    "/api/v1/reports/{report_id}/implementation-table.xlsx": "application/vnd."
    "openxmlformats-officedocument.spreadsheetml.sheet",
    "/api/v1/reports/{report_id}/implementation-table.pdf": "application/pdf",
}


def test_every_download_is_described_as_binary(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    templates = [p for p in paths if "template" in p]
    assert templates
    for path in [*DOWNLOADS, *templates]:
        content = paths[path]["get"]["responses"]["200"]["content"]
        for media_type, described in content.items():
            if path in DOWNLOADS:
                assert media_type == DOWNLOADS[path]
            assert described["schema"] == {"type": "string", "format": "binary"}, path
