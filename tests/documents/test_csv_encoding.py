"""CSV downloads open in Excel on a Chinese Windows: UTF-8 with a byte order mark, which Excel
needs to read UTF-8 rather than GBK; `?bom=0` gives plain UTF-8 for tools that want it."""
import csv
import io

import pytest

from tests.documents.corpus import yangpu_and_changning

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"

CSV_PATHS = [
    "/index.csv", "/documents.csv", "/documents/?format=csv", "/p.csv", "/p/shanghai-yangpu.csv",
    "/d/{report}.csv", "/d/{report}/original.csv", "/search.csv?q=公开", "/topics.csv",
    "/metrics.csv?key=requests.new.total", "/compare/{report}/{plan}.csv",
]


@pytest.fixture
def paths():
    plan, report, _ = yangpu_and_changning()
    return [p.format(report=report.slug, plan=plan.slug) for p in CSV_PATHS]


def test_every_csv_download_starts_with_one_byte_order_mark_and_reads_as_utf8(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "text/csv; charset=utf-8", path
        assert response.content.startswith(BOM) and not response.content[3:].startswith(BOM), path
        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert header[0].isascii() and header[0].isidentifier(), (path, header)


def test_bom_0_gives_the_same_csv_in_plain_utf8(client, paths):
    for path in paths:
        with_bom = client.get(path).content
        sep = "&" if "?" in path else "?"
        for value in ("0", "false"):
            plain = client.get(f"{path}{sep}bom={value}").content
            assert plain == with_bom[len(BOM):], path
            plain.decode("utf-8")


def test_the_choice_leaves_json_as_it_is(client, paths):
    assert client.get("/documents.json?bom=0").content == client.get("/documents.json").content
    assert not client.get("/documents.json").content.startswith(BOM)
