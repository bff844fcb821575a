"""Refusals (documents/ingest/errors.py)."""
import pytest

from documents.ingest import decode, formats
from documents.ingest.errors import IngestError, check_size


def test_a_file_over_the_limit_is_refused_in_the_same_words_before_and_after_it_is_read():
    data = "政务公开".encode() * 10  # 120 bytes
    refusals = []
    for refuse in (lambda: check_size(len(data), 100), lambda: formats.extract(data, max_bytes=100),
                   lambda: decode.decode(data, max_bytes=100)):
        with pytest.raises(IngestError) as refused:
            refuse()
        refusals.append((refused.value.code, refused.value.message))
    assert set(refusals) == {("too_large", "The file is 120 bytes; the limit is 100 bytes.")}


def test_a_file_at_the_limit_is_not_refused_for_its_size():
    check_size(100, 100)
