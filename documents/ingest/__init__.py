"""The ingest pipeline: pure stages, no Django.

    formats   the file's type from its bytes; HTML, PDF, DOCX text  (formats/)
    decode    bytes -> text, with the encoding it was in           (decode.py)
    clean     page chrome, pinyin, page breaks, width, duplicates,
              injected noise, suspicious links; every edit recorded (clean.py, noise.py, chrome.py)
    script    detect 繁/简, convert traditional at phrase level      (script.py)
    metadata  title, publisher, region, year, kind, 文号, date       (metadata.py)
    sections  the numbering hierarchy and table blocks              (sections.py)

Patterns more than one stage reads (a sentence's end, the 文号) are in patterns.py.

`pipeline.parse_bytes()` runs them in order and returns one ParsedDocument; the loader in
`documents.loader` is the only code that writes it to the database.
"""
