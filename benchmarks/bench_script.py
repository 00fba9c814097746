"""What the script step (Traditional -> Simplified, parsers/script.py) costs (prints figures; not a timed test).

    python benchmarks/bench_script.py [--mb 10] [--repeat 5]

On the benchmark corpus of bench_parser.py (the seeds repeated to --mb MB, every copy distinct), in
one process on one core, CPU time:
  * Simplified throughput with the script step as shipped, against the same parse with the step
    replaced by "no conversion" (target: the step costs at most 5%).  The two are timed in turns,
    --repeat times each, and the best of each is compared, so that a busy machine weighs on both;
  * detection alone over the Simplified corpus (MB/s);
  * the same corpus in Traditional script (converted with OpenCC s2t): conversion alone (MB/s) and
    the whole parse (MB/s), and whether its rows equal the Simplified rows apart from surface texts.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_parser import build_corpus, corpus_bytes, warm_up  # noqa: E402

import parsers  # noqa: E402
from parsers import pipeline, script  # noqa: E402

NAMES = ("region", "subject", "indicator", "period", "value", "unit", "yoy_pct", "start", "end")


def parse_all(corpus) -> tuple[float, list]:
    gc.collect()
    t0 = time.process_time()
    out = [parsers.parse_article(t, article=n, published=p) for n, t, p in corpus]
    return time.process_time() - t0, out


def no_conversion(text: str, script_=None) -> script.Converted:
    return script.Converted(text, text, script.Script(script.SIMPLIFIED, 0.0))


def timed(fn, *args) -> float:
    gc.collect()
    t0 = time.process_time()
    fn(*args)
    return time.process_time() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    corpus = build_corpus(args.mb)
    mb = corpus_bytes(corpus) / 1e6
    warm_up()
    shipped = pipeline.to_simplified
    with_step, without = [], []
    for _ in range(args.repeat):
        pipeline.to_simplified = shipped
        with_step.append(parse_all(corpus)[0])
        pipeline.to_simplified = no_conversion
        without.append(parse_all(corpus)[0])
    pipeline.to_simplified = shipped
    a, b = min(with_step), min(without)
    print(f"Simplified corpus: {len(corpus)} articles, {mb:.2f} MB, best of {args.repeat} (CPU s)")
    print(f"  with the script step    {a:6.2f} s  {mb / a:5.2f} MB/s   runs: {', '.join(f'{x:.2f}' for x in with_step)}")
    print(f"  without (no conversion) {b:6.2f} s  {mb / b:5.2f} MB/s   runs: {', '.join(f'{x:.2f}' for x in without)}")
    print(f"  throughput drop: {100 * (a - b) / b:+.1f}% (target <= 5%)")
    texts = [t for _, t, _ in corpus]
    det = min(timed(lambda: [script.detect_script(t) for t in texts]) for _ in range(3))
    print(f"  detection alone: {det:.3f} s, {mb / det:,.0f} MB/s")

    import opencc
    s2t = opencc.OpenCC("s2t")
    trad = [(n, s2t.convert(t), p) for n, t, p in corpus]
    tmb = corpus_bytes(trad) / 1e6
    conv = min(timed(lambda: [script.to_simplified(t) for _, t, _ in trad]) for _ in range(3))
    print(f"Traditional corpus (OpenCC s2t of the same): {tmb:.2f} MB")
    print(f"  detection + conversion alone: {conv:.3f} s, {tmb / conv:,.1f} MB/s")
    ts = [parse_all(trad) for _ in range(max(1, args.repeat // 2))]
    tt = min(t for t, _ in ts)
    print(f"  parse: {tt:6.2f} s  {tmb / tt:5.2f} MB/s ({100 * (tt - a) / a:+.1f}% against Simplified)")
    simp_rows = [[tuple(r[k] for k in NAMES) for r in p.indicator_records] for p in parse_all(corpus)[1]]
    trad_rows = [[tuple(r[k] for k in NAMES) for r in p.indicator_records] for p in ts[0][1]]
    same = sum(x == y for x, y in zip(simp_rows, trad_rows))
    print(f"  articles whose rows equal the Simplified rows (names, figures, spans): {same}/{len(corpus)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
