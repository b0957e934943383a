"""Benchmark of the meeting scheduler on the public instances in ../shared/data/matchmaking/.

    .venv/bin/python bench/scheduler.py [--improve SECONDS] [--only small,medium-t] [--dir DIR]

For every instance it prints the meetings, the share of the upper bound (the shared bound.py),
the time taken, idle gaps against the greedy first-fit's (the README's figures; greedy_first_fit
below computes them for other instances), participants
left without a meeting although one was possible, and whether the checker accepts the schedule.
Not a timed test: it is run by hand, and its figures go into the issue notes.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BSR_SHARED_DIR") or ROOT.parent / "shared") / "data" / "matchmaking"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED))

from check import check  # noqa: E402 -- the shared checker, beside the instances

from events.scheduling import problem_from_json, schedule, schedule_to_json  # noqa: E402 -- after the path setup

TARGET = {"small": 1.0, "medium": 0.995, "large": 0.995}
# From the shared README: greedy idle gaps and the best known meetings, per public instance.
REFERENCE = {
    "small": (73, 80),
    "small-t": (35, 125),
    "medium": (1511, 640),
    "medium-t": (1156, 1345),
    "medium-dense": (995, 2267),
    "large": (17073, 4800),
    "large-t": (11959, 9164),
    "large-dense": (3304, 7642),
}


def greedy_first_fit(instance: dict) -> dict:
    """Requests in order, each into the earliest slot both parties share with a free table."""
    slots = [s["id"] for s in instance["slots"]]
    blocked = {p["id"]: set(p.get("unavailable_slots", [])) for p in instance["participants"]}
    busy = {p: set() for p in blocked}
    load = dict.fromkeys(slots, 0)
    meetings, unscheduled = [], []
    for r in instance["requests"]:
        for s in slots:
            if (
                load[s] < instance["tables"]
                and s not in blocked[r["a"]] | blocked[r["b"]] | busy[r["a"]] | busy[r["b"]]
            ):
                load[s] += 1
                busy[r["a"]].add(s)
                busy[r["b"]].add(s)
                meetings.append({"request": r["id"], "slot": s, "table": load[s]})
                break
        else:
            unscheduled.append(r["id"])
    return {"meetings": meetings, "unscheduled": unscheduled}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--improve", type=float, default=None, help="time limit in seconds (an 'improve' run)")
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument(
        "--dir", type=Path, default=SHARED / "instances", help="other instances, e.g. from the shared generate.py"
    )
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or sorted(p.stem for p in args.dir.glob("*.json"))
    print(
        f"{'instance':<20}{'meetings':>9}{'bound':>7}{'share':>9}{'target':>8}{'secs':>7}"
        f"{'gaps':>7}{'greedy':>8}{'ratio':>7}{'left out':>9}  valid"
    )
    for name in names:
        instance = json.loads((args.dir / f"{name}.json").read_text())
        started = time.monotonic()
        result = schedule(problem_from_json(instance), time_limit=args.improve)
        seconds = time.monotonic() - started
        try:
            figures = check(instance, schedule_to_json(result))
            valid = "yes"
        except ValueError as exc:
            figures, valid = (
                {"meetings": 0, "bound": 0, "share_of_bound": 0, "idle_gaps": 0, "left_without_meeting": 0},
                f"NO: {exc}",
            )
        greedy_gaps, best_known = REFERENCE.get(name, (check(instance, greedy_first_fit(instance))["idle_gaps"], 0))
        target = 0.998 if args.improve else TARGET[name.split("-")[0].split("_")[0]]
        if best_known == figures["bound"]:
            target = 1.0  # where the best known reaches the bound, so must the scheduler
        ratio = figures["idle_gaps"] / greedy_gaps if greedy_gaps else 0
        print(
            f"{name:<20}{figures['meetings']:>9}{figures['bound']:>7}{figures['share_of_bound']:>9.2%}"
            f"{target:>8.1%}{seconds:>7.2f}{figures['idle_gaps']:>7}{greedy_gaps:>8}{ratio:>7.0%}"
            f"{figures['left_without_meeting']:>9}  {valid}"
        )


if __name__ == "__main__":
    main()
