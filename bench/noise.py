"""Time documents.ingest.noise.find_noise on the five samples; run on demand.

    .venv/bin/python bench/noise.py                      # the module in the tree
    .venv/bin/python bench/noise.py --module /tmp/old.py # another copy of it, to compare
    .venv/bin/python bench/noise.py --repeat 10

Prints the model load time and, per sample, the best of --repeat runs of find_noise (the
2023 report without its pinyin, as the pipeline hands it over) and the number of spans.
"""

import argparse
import importlib.util
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples"
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


def load(path):
    if path is None:
        from documents.ingest import noise

        return noise
    spec = importlib.util.spec_from_file_location("noise_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def sample(path):
    text = path.read_bytes().decode("utf-8")
    return PINYIN.sub("", text) if path.stem == "shanghai-2023-annual-report" else text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", help="path of a noise.py to time instead of the tree's")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    noise = load(args.module)
    noise.load_model()
    print(f"model load {time.perf_counter() - t0:.3f} s")
    total = 0.0
    for path in sorted(SAMPLES.glob("*.txt")):
        text = sample(path)
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            found = noise.find_noise(text)
            best = min(best, time.perf_counter() - t)
        total += best
        print(f"{path.stem:40s} {len(text):6d} chars  {best * 1000:7.1f} ms  {len(found)} spans")
    print(f"{'total':40s} {'':12s} {total * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
