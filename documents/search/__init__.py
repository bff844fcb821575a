"""Full-text search over sections, inside PostgreSQL.

* index.py: writing the search columns of stored sections (and the signal that re-indexes a
  section saved alone); the columns themselves are built by documents/ingest/searchindex.py.
* query.py: the query language, and the tsqueries a query becomes.
* sql.py: the statements of a search (Matches): which sections match, their counts, their
  ranked page.
* limits.py: the time limit all the statements of one search share.
* snippets.py: highlighted headings and passages of the hits.
* results.py: search() itself: one page of hits with the total and the facet counts.
"""
