"""A wild corpus (make_corpus.py --wild) with some draws forced: to reproduce a feature combination that a
held-back score shows failing, on seeds of one's own (never the held-back documents themselves).

    python scripts/make_corpus_forced.py OUTDIR --seed N --n 30 --form layout --style fodt --damage broken \
        --shape label_after_values=middle

Every other draw stays at random, as make_corpus.py makes it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as mc  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--form")
    ap.add_argument("--style")
    ap.add_argument("--damage")
    ap.add_argument("--shape", action="append", default=[], help="FEATURE=VALUE of the report shapes")
    a = ap.parse_args()
    drawn_plan, drawn_shapes = mc.plan_wild, mc.Report._shapes
    shapes = dict(s.split("=", 1) for s in a.shape)

    def plan(rng, n):
        return [(i, a.form or form, a.style or style, a.damage or damage, year, template, cs)
                for i, form, style, damage, year, template, cs in drawn_plan(rng, n)]

    def forced_shapes(self, g):
        drawn_shapes(self, g)
        self.features.update(shapes)

    mc.plan_wild, mc.Report._shapes = plan, forced_shapes
    mc.build(a.outdir, a.seed, a.n, True, True)


if __name__ == "__main__":
    main()
