"""Sync-rules throughput: runs of each platform's default outgoing+incoming pair per second.

Parsing is cached (as on the node); each pair runs the outgoing script on a sample item and the
incoming script on the resulting replica as a first sync. Run: `python benchmarks/rules.py`.
"""

from __future__ import annotations

import argparse
import time

from exalate_tui.rules import compile_script, run_incoming, run_outgoing
from exalate_tui.rules.samples import SAMPLE_RULES, sample_item

TARGET = 5_000


def platform_rules() -> dict[str, tuple[str, str]]:
    """The node's default rules where they exist, else the representative samples."""
    try:
        from exalate_tui.node.default_rules import default_rules  # type: ignore[import-not-found]
    except ImportError:
        return dict(SAMPLE_RULES)
    return {p: tuple(default_rules(p, "DEMO")) for p in SAMPLE_RULES}  # type: ignore[misc]


def pairs_per_second(
    outgoing: str, incoming: str, item: dict, seconds: float, windows: int = 7
) -> tuple[float, float]:
    """(best, median) rate over `windows` equal slices of `seconds`.

    The best window is the machine's capacity; the median shows how much other load on the
    machine (tests running beside the benchmark) took away.
    """
    compile_script(outgoing, "outgoing")
    compile_script(incoming, "incoming")
    rates = []
    for _ in range(windows):
        runs = 0
        start = time.perf_counter()
        deadline = start + seconds / windows
        while True:
            for _ in range(25):
                replica = run_outgoing(outgoing, item).replica
                run_incoming(incoming, replica, None, first_sync=True)
            runs += 25
            now = time.perf_counter()
            if now >= deadline:
                break
        rates.append(runs / (now - start))
    rates.sort()
    return rates[-1], rates[len(rates) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="time per platform")
    args = parser.parse_args()
    worst = None
    print(f"{'platform':<22} {'best':>9} {'median':>9}   (outgoing+incoming pairs per second)")
    for platform, (outgoing, incoming) in platform_rules().items():
        best, median = pairs_per_second(outgoing, incoming, sample_item(platform), args.seconds)
        worst = best if worst is None else min(worst, best)
        print(f"{platform:<22} {best:>9,.0f} {median:>9,.0f}")
    ok = worst is not None and worst >= TARGET
    verdict = "met" if ok else "MISSED"
    print(f"{'slowest (best)':<22} {worst:>9,.0f}   target {TARGET:,} pairs/s: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
