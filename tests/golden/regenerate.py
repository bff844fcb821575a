"""Write tests/golden/cases/<name>.json from the current pipeline. Read the diff before committing."""
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from documents.ingest.pipeline import parse_bytes  # noqa: E402

CASES = Path(__file__).resolve().parent / "cases"
METADATA = [
    "title", "publisher", "region", "level", "year", "kind", "script", "encoding",
    "doc_number", "published_on", "issuer", "slug",
]


def case_for(data: bytes) -> dict:
    parsed = parse_bytes(data).as_json()
    return {
        **{key: parsed[key] for key in METADATA},
        "sections": [
            {k: s[k] for k in ("number", "heading", "level", "kind", "parent", "text")}
            for s in parsed["sections"]
        ],
        "cleanup": [
            {k: step[k] for k in ("action", "count", "spans") if k in step}
            for step in parsed["cleanup"]
        ],
        "clean_text_sha256": hashlib.sha256(parsed["clean_text"].encode()).hexdigest(),
    }


def main(names):
    CASES.mkdir(exist_ok=True)
    for path in sorted((ROOT / "samples").glob("*.txt")):
        if names and path.stem not in names:
            continue
        case = case_for(path.read_bytes())
        out = CASES / f"{path.stem}.json"
        out.write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
