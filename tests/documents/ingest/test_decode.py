import codecs

import pytest

from documents.ingest.decode import decode
from documents.ingest.errors import IngestError
from tests.conftest import SAMPLE_NAMES, sample_text


def test_it_reads_utf8_without_guessing():
    decoded = decode("２０２１年杨浦区政务公开工作要点".encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert decoded.bom is False


def test_it_strips_a_utf8_bom_and_remembers_it():
    decoded = decode(codecs.BOM_UTF8 + "政务公开".encode("utf-8"))
    assert decoded.text == "政务公开"
    assert decoded.bom is True


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_it_reads_every_sample_as_gb18030_and_utf16(name):
    text = sample_text(name)
    for encoding, data in [
        ("gb18030", text.encode("gb18030")),
        ("utf-16-le", text.encode("utf-16")),  # with BOM
        ("utf-16-le", text.encode("utf-16-le")),  # without
    ]:
        decoded = decode(data)
        assert decoded.text == text
        assert decoded.encoding == encoding


def test_it_rejects_big5_as_gbk():
    text = sample_text("shanghai-yangpu-2020-annual-report")
    decoded = decode(text.encode("big5"))
    assert decoded.encoding == "big5"
    assert decoded.text == text


def test_it_refuses_empty_input():
    with pytest.raises(IngestError) as err:
        decode(b" \n\t ")
    assert err.value.code == "empty"


@pytest.mark.parametrize(
    "data, what",
    [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"), (b"PK\x03\x04" + b"\x00" * 64, "a ZIP archive")],
)
def test_it_refuses_a_known_binary_format_and_names_it(data, what):
    with pytest.raises(IngestError) as err:
        decode(data)
    assert err.value.code == "binary"
    assert what in err.value.message


def test_it_refuses_arbitrary_binary_bytes():
    with pytest.raises(IngestError) as err:
        decode(bytes(range(256)) * 8)
    assert err.value.code in {"binary", "undecodable"}


def test_it_never_substitutes_characters_in_undecodable_bytes():
    data = "政务公开".encode("utf-8") + b"\xff\xfe\xfa\x80\x81" * 40
    with pytest.raises(IngestError) as err:
        decode(data)
    assert err.value.code in {"undecodable", "binary"}


def test_it_refuses_input_over_the_size_limit_before_decoding():
    with pytest.raises(IngestError) as err:
        decode(b"a" * 101, max_bytes=100)
    assert err.value.code == "too_large"
    assert "100" in err.value.message


def test_it_refuses_text_holding_a_nul_character_which_no_text_has():
    from tests.conftest import sample_bytes

    data = sample_bytes("shanghai-2023-annual-report").decode().replace("一、", "一\x00、", 1).encode()
    with pytest.raises(IngestError) as refused:
        decode(data)
    assert refused.value.code == "binary" and "1 NUL character" in refused.value.message
