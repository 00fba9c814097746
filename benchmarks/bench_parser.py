"""Parser throughput benchmark (prints figures; not a timed test).

    python benchmarks/bench_parser.py [--mb 10] [--repeat 1]

Builds a corpus of at least --mb MB of UTF-8 text by repeating the seed articles (each copy a
separate article, so nothing is cached across copies), then reports on one core:
  * start-up: importing parsers + loading the lexicon, and loading the private jieba tokenizer
    (jionlp is not used by this project, so it costs nothing);
  * parse throughput in MB/s over the whole corpus (target >= 3 MB/s), with the default jieba phrase
    cache and without it (repeated seeds repeat phrases, so the cached figure flatters the parser);
  * peak traced memory of one article parse.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the corpus; the best is reported")
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # one core
    except (AttributeError, OSError):
        pass

    t0 = time.perf_counter()
    import parsers
    from parsers.lexicon import get_lexicon, get_tokenizer
    get_lexicon()
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    get_tokenizer().cut("规上工业增加值")
    list(get_tokenizer().cut("预热"))
    t_jieba = time.perf_counter() - t0

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8"), parsers.read_metadata(ROOT / "seeds" / "articles.csv").get(p.name))
             for p in seeds]
    corpus, size = [], 0
    target = args.mb * 1e6
    k = 0
    while size < target:
        name, text, meta = texts[k % len(texts)]
        # make every copy a distinct text so no layer can reuse a previous result
        t = f"第{k}篇\n\n" + text
        corpus.append((f"{k:05d}_{name}", t, meta.published if meta else None))
        size += len(t.encode("utf-8"))
        k += 1

    from parsers.lexicon import pos_tags

    def run(cache: bool) -> tuple[float, int]:
        pos_tags.cache_enabled = cache
        pos_tags.cache_clear()
        best, rows = None, 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            parsed = [parsers.parse_article(t, article=name, published=pub) for name, t, pub in corpus]
            ind, _prj = parsers.combine(parsed)       # the tidy frames, as `python -m parsers build` makes them
            rows = len(ind)
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
        return best, rows

    best_nocache, _ = run(cache=False)
    best, rows = run(cache=True)
    info = pos_tags.cache_info()

    tracemalloc.start()
    parsers.parse_article(texts[2][1], article="mem.txt")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    mbps = size / 1e6 / best
    mbps_nocache = size / 1e6 / best_nocache
    print("parser benchmark (one core)")
    print(f"  start-up: import parsers + lexicon   {t_import * 1000:8.1f} ms")
    print(f"  start-up: jieba tokenizer (private)  {t_jieba * 1000:8.1f} ms")
    print("  start-up: jionlp                     not used")
    print(f"  corpus: {len(corpus)} articles, {size / 1e6:.2f} MB UTF-8 ({len(seeds)} seeds repeated)")
    print(f"  parse: {best:.2f} s, {rows} indicator rows -> {mbps:.2f} MB/s  (target >= 3 MB/s: "
          f"{'met' if mbps >= 3 else 'MISSED'}); jieba phrase cache hits {info.hits}, misses {info.misses}")
    print(f"  parse without the phrase cache (every phrase segmented): {best_nocache:.2f} s -> {mbps_nocache:.2f} MB/s")
    print(f"  peak traced memory, one article parse: {peak / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
