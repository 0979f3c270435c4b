"""Benchmark: a list's deeper pages against its first page (the floor), same run.

The case list and "Mijn werk" as the web pages read them (`playbook/cases/listing.py`,
`worklist.py`), at 100,000 cases: page 1, page 2 and page 21, the last a list links to
(LAST_PAGE: past the capped count "meer dan 1.000" the web refuses deeper pages). Each page's
p50 and p95 and its ratio to page 1, timed in alternation.

    python bench/deep_pages.py [--db both|sqlite|postgres] [--cases 100000] [--runs 60]
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, __file__.rsplit("/", 1)[0])

from lists import CODE, NOW, database, seed

from playbook.cases.listing import LAST_PAGE, CaseFilter, list_cases
from playbook.cases.worklist import WorkFilter, list_work

PAGES = (1, 2, LAST_PAGE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        with database(kind) as engine:
            print(f"{kind}: {args.cases:,} zaken geladen in {seed(engine, args.cases):.1f} s")
            lists: dict[str, Callable[[Any, int], Any]] = {
                "zaken": lambda c, p: list_cases(c, [CODE], CaseFilter(), NOW, page=p),
                "mijn werk": lambda c, p: list_work(c, [CODE], WorkFilter(), NOW, page=p),
            }
            for name, read in lists.items():
                times: dict[int, list[float]] = {p: [] for p in PAGES}
                for _ in range(args.runs):
                    for p in PAGES:  # in alternation: load hits every page alike
                        with engine.connect() as conn:
                            start = time.perf_counter()
                            assert read(conn, p).rows, f"{name}: pagina {p} is leeg"
                            times[p].append((time.perf_counter() - start) * 1000)
                first = statistics.median(times[1])
                for p in PAGES:
                    ms = sorted(times[p])
                    p50, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
                    print(f"  {name:9} pagina {p:2}  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  "
                          f"p50 / pagina 1: {p50 / first:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
