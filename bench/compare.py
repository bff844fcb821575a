"""Benchmark: the two-document comparison page for two ~30 KB reports.

    .venv/bin/python bench/compare.py [--runs 30]

Creates a throwaway database on the configured server, stores the 2023 report (31 KB) and a
copy of it with every fifth paragraph rewritten, then times the comparison page (computed
afresh each time: the cache is cleared) next to the alignment alone and the diffs alone.
Target: p95 of the page under 300 ms.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("GONGKAI_TEST_DB", "bench_gongkai_compare")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{name:<34} p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 95):7.1f} ms   n={len(ms)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from comparisons import align, diff, textnorm
        from comparisons.models import StoredComparison
        from documents.loader import ingest_bytes

        text = (ROOT / "samples" / "shanghai-2023-annual-report.txt").read_text(encoding="utf-8")
        lines = text.split("\n")
        changed = [line + "全年新增开展专项检查一次。" if i % 5 == 0 and len(line) > 40 else line for i, line in enumerate(lines)]
        a = ingest_bytes(text.encode()).document
        b = ingest_bytes("\n".join(changed).encode(), overrides={"year": 2024}).document
        print(f"A: {len(text.encode()) / 1024:.1f} KB, B: {len(chr(10).join(changed).encode()) / 1024:.1f} KB")
        url = f"/compare/{a.slug}/{b.slug}/"
        client = Client()
        client.get(url)  # warm up: jieba's dictionary, OpenCC's tables

        page, warm, aligned, diffs, cached = [], [], [], [], []
        for _ in range(args.runs):
            # Cold: nothing of these two documents is known yet, not even their words.
            cache.clear()
            StoredComparison.objects.all().delete()
            textnorm.tokens.cache_clear()
            textnorm.canonical.cache_clear()
            t = time.perf_counter()
            response = client.get(url)
            page.append(time.perf_counter() - t)
            assert response.status_code == 200
            # Warm: the words are known (another comparison of either document was made).
            cache.clear()
            StoredComparison.objects.all().delete()
            t = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - t)
            t = time.perf_counter()
            client.get(url)
            cached.append(time.perf_counter() - t)

            sa, sb = list(a.sections.all()), list(b.sections.all())
            textnorm.tokens.cache_clear()
            textnorm.canonical.cache_clear()
            t = time.perf_counter()
            ua, ub = align.units_from_sections(sa), align.units_from_sections(sb)
            pairs = align.align(ua, ub)
            aligned.append(time.perf_counter() - t)
            t = time.perf_counter()
            for p in pairs:
                if p.a is not None and p.b is not None:
                    diff.diff(ua[p.a].text, ub[p.b].text)
            diffs.append(time.perf_counter() - t)

        report("comparison page (computed, cold)", page)
        report("comparison page (computed, warm)", warm)
        report("comparison page (cached)", cached)
        report("alignment alone (cold)", aligned)
        report("word diffs alone (after alignment)", diffs)
        p95 = percentile(page, 95) * 1000
        print(f"target p95 < 300 ms: {'met' if p95 < 300 else 'NOT met'} ({p95:.0f} ms)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
