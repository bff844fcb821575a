"""Writing the search columns of stored sections.

The index (built by documents/ingest/searchindex.py, stored with each section)
-----------------------------------------------------------------------------
Each section is indexed as one string, its heading, a line break, then its body: simplified
(script.to_simplified; stored text already is, queries may be 繁體), then `fold`ed (full-width
ASCII to ASCII, upper to lower case, control characters and other white space to a space),
which keeps every character where it was, so offsets into it are offsets into the section.
That string is stored as `search_text`, and two tsvectors are made of it:

* `search_grams`, which the GIN index holds, without positions: at every position of a run of
  Han characters the next two and the next four characters of the run (fewer at its end), and
  each run of letters and digits of other scripts (ESG, 2023) as one lowercased token. So a Han
  string of two or four characters is one token ('信息', '信息公开') and one of one or three
  characters begins the tokens starting where it occurs ('区':*, '区政府':*): either way the
  index alone finds exactly the sections holding it, with about two tokens per character. A
  longer string is looked up by the four-character tokens that tile it, and the sections
  holding all of them are checked with strpos on `search_text`.
* `search_vector`, for ranking the shown hits with ts_rank_cd: every bigram and the last
  character of each Han run at its character offset (plus one, modulo PostgreSQL's 16383),
  jieba's search-mode words of three or more characters (a section where a query word stands
  as a word of its own, 区政府, ranks above one where it straddles two words, 杨浦区|政府), and
  heading tokens weighted A above body ones. Offsets rather than ranks among tokens, so a
  query string is a chain of `<N>` operators over it: 信息公开 is `'信息' <2> '公开'`.

Both columns, and the texts, are stored out of the row (migration 0004): a row holds what
counting needs (document, heading, topics as bits, the document's publication, publisher, year
and kind), so reading thousands of matching rows reads few pages. Only the first MAX_INDEXED_CHARS of a section are indexed.
"""
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from ..ingest import topics as topic_list
from ..ingest.searchindex import index_row, topic_mask

_UPDATE = """
UPDATE documents_section AS s
   SET search_text = v.search_text, search_vector = v.vector::tsvector, search_grams = v.grams::tsvector,
       topic_mask = v.topic_mask{topics_set}
  FROM (VALUES {rows}) AS v(id, search_text, vector, grams, topic_mask{topics_col})
 WHERE s.id = v.id
"""


def index_sections(sections, *, with_topics=False) -> int:
    """Write the search columns (and, with_topics, the topics) of these sections: model
    instances with id, heading, text and topics. One UPDATE for all of them."""
    sections = list(sections)
    if not sections:
        return 0
    rows, params = [], []
    for section in sections:
        topics = topic_list.assign(section.heading, section.text) if with_topics else section.topics
        params += [section.pk, *index_row(section.heading, section.text), topic_mask(topics or [])]
        if with_topics:
            params.append(topics)
            rows.append("(%s::bigint, %s, %s, %s, %s::bigint, %s::varchar[])")
        else:
            rows.append("(%s::bigint, %s, %s, %s, %s::bigint)")
    sql = _UPDATE.format(
        rows=", ".join(rows),
        topics_set=", topics = v.topics" if with_topics else "",
        topics_col=", topics" if with_topics else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(sections)


@receiver(post_save, sender="documents.Section")
def _index_saved_section(sender, instance, raw=False, update_fields=None, **kwargs):
    """A section saved one at a time (the admin) is indexed again in the same transaction; the
    loader's bulk inserts send no signal and write the index with the rows."""
    if raw or (update_fields is not None and not {"heading", "text", "topics"} & set(update_fields)):
        return
    index_sections([instance])


def reindex(queryset=None, *, batch=500, with_topics=False, progress=None) -> int:
    """Rebuild the search columns (with_topics: and the topics) of these sections, or of all,
    in batches of one transaction each."""
    from ..models import Section

    queryset = (queryset if queryset is not None else Section.objects.all()).order_by("pk")
    done, last = 0, 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).only("id", "heading", "text", "topics")[:batch])
        if not chunk:
            return done
        with transaction.atomic():
            done += index_sections(chunk, with_topics=with_topics)
        last = chunk[-1].pk
        if progress:
            progress(done)
