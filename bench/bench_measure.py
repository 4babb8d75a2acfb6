"""Time `kb measure` on one million firm-years against reading the same file with pandas.

    python bench/bench_measure.py [--firms 100000] [--years 10]

Prints one line per file format: rows, seconds to read and measure, seconds for a plain
`pandas.read_csv` / `read_parquet` of the same file (the baseline), and their ratio.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd

from bench import timed
from kb.measure.indicators import measure, prepare_panel, read_panel
from kb.measure.synthetic import make_panel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=100_000)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    df, truth = make_panel(args.firms, range(2010, 2010 + args.years), seed=1, detail=False)
    with tempfile.TemporaryDirectory() as tmp:
        for suffix, reader in ((".csv", pd.read_csv), (".parquet", pd.read_parquet)):
            path = Path(tmp) / f"panel{suffix}"
            if suffix == ".csv":
                df.to_csv(path, index=False)
            else:
                df.to_parquet(path)
            _, base = timed(lambda: reader(path))  # noqa: B023
            panel, t_read = timed(lambda: prepare_panel(read_panel(path)))  # noqa: B023
            result, t_measure = timed(lambda: measure(panel))  # noqa: B023
            key = (2012, "sme", "survival_1y")
            got = next(r.value for r in result if (r.year, r.size_class, r.indicator) == key)
            assert abs(got - truth[key]) < 1e-9, (got, truth[key])
            total = t_read + t_measure
            print(
                f"{suffix[1:]:8s} {len(df):,} firm-years: read+check {t_read:.2f}s, "
                f"measure {t_measure:.2f}s, total {total:.2f}s; baseline pandas read "
                f"{base:.2f}s; ratio {total / base:.1f}x"
            )


if __name__ == "__main__":
    main()
