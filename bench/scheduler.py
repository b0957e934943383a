"""Benchmark of the meeting scheduler, run as people run it: `manage.py schedule_meetings` in a
fresh process for every instance (by default the public ones in ../shared/data/matchmaking/).

    .venv/bin/python bench/scheduler.py [--improve SECONDS] [--only NAME,...] [--dir DIR] [--seed N]
                                        [--in-process] [--optimum]

For every instance (any *.json in --dir, whatever its name) it prints the meetings, the share of
the upper bound (the shared bound.py, through the shared checker), the seconds the command took
from its start after the imports to the output written (as it reports it; "wall": the whole
process's wall time less a no-op start-up, `manage.py schedule_meetings --help`, which loads the
same modules: the mean of one run just before and one just after each instance, since a single
start-up measured once drifts by a tenth of a second or two over a long bench), idle
gaps against the greedy first-fit's, participants left without a meeting although one was
possible, and whether the checker accepts the schedule. The target is the bound on events of 100
participants or fewer and where the best known schedule reaches it, 99.5 % otherwise (99.8 % for
an --improve run). `--in-process` calls schedule() in this process instead (scipy already
imported), for comparison. `--optimum` also proves, on events of 100 participants or fewer, the
most meetings any schedule holds (an integer programme), and aims at that where the bound is out
of reach (the bound ignores which slots partners share). Not a timed test: it is run by hand,
and its figures go into notes.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BSR_SHARED_DIR") or ROOT.parent / "shared") / "data" / "matchmaking"
sys.path.insert(0, str(SHARED))

from check import check  # noqa: E402 -- the shared checker, beside the instances

# From the shared README: greedy idle gaps and the best known meetings, per public instance (where
# the best known is the bound, so is the target). Other instances get greedy_first_fit's gaps.
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
MANAGE = [sys.executable, str(ROOT / "manage.py"), "schedule_meetings"]


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


def optimum(instance: dict, seconds: float = 60.0) -> int | None:
    """The most meetings any schedule holds, proved by the integer programme (HiGHS, through
    scipy): a variable per request and slot both can use, each participant in at most one meeting
    a slot, each request at most once, each slot at most its tables. None if not proved in time.
    The shared bound ignores which slots partners share, so on some events it is not reachable."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    slots = {s["id"]: i for i, s in enumerate(instance["slots"])}
    blocked = {p["id"]: {slots[s] for s in p.get("unavailable_slots", [])} for p in instance["participants"]}
    rows: dict[tuple, int] = {}
    entries = []
    column = 0
    for j, r in enumerate(instance["requests"]):
        for s in set(range(len(slots))) - blocked[r["a"]] - blocked[r["b"]]:
            for key in (("p", r["a"], s), ("p", r["b"], s), ("r", j), ("s", s)):
                entries.append((rows.setdefault(key, len(rows)), column))
            column += 1
    if not column:
        return 0
    i, j = zip(*entries, strict=True)
    matrix = csr_matrix((np.ones(len(i)), (i, j)), shape=(len(rows), column))
    upper = np.array([instance["tables"] if key[0] == "s" else 1 for key in rows], dtype=float)
    result = milp(
        -np.ones(column),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(column),
        bounds=Bounds(0, 1),
        options={"time_limit": seconds},
    )
    return round(-result.fun) if result.status == 0 else None


def startup_seconds(runs: int = 3) -> float:
    """The fastest of a few no-op runs of the command: Django, the project and scipy loaded."""
    best = None
    for _ in range(runs):
        started = time.monotonic()
        subprocess.run([*MANAGE, "--help"], check=True, capture_output=True, cwd=ROOT)
        took = time.monotonic() - started
        best = took if best is None else min(best, took)
    return best


def run_command(path: Path, limit: float | None, seed: int, startup: float) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        args = [*MANAGE, "--input", str(path), "--output", str(out), "--seed", str(seed)]
        if limit is not None:
            args += ["--time-limit", str(limit)]
        started = time.monotonic()
        done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
        wall = time.monotonic() - started - startup
        if done.returncode:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
        own = float(re.search(r"([0-9.]+) s$", done.stdout.strip()).group(1))
        return json.loads(out.read_text()), own, wall


def run_in_process(instance: dict, limit: float | None, seed: int) -> tuple[dict, float]:
    sys.path.insert(0, str(ROOT))
    from events.scheduling import problem_from_json, schedule, schedule_to_json

    started = time.monotonic()
    result = schedule(problem_from_json(instance), time_limit=limit, seed=seed)
    seconds = time.monotonic() - started
    return schedule_to_json(result), seconds, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--improve", type=float, default=None, help="time limit in seconds (an 'improve' run)")
    parser.add_argument("--only", default="", help="comma-separated instance names (file names without .json)")
    parser.add_argument("--dir", type=Path, default=SHARED / "instances", help="a directory of instance files")
    parser.add_argument("--seed", type=int, default=1, help="the scheduler's seed")
    parser.add_argument("--in-process", action="store_true", help="call schedule() here instead of the command")
    parser.add_argument(
        "--optimum",
        action="store_true",
        help="on events of 100 participants or fewer, also prove the most meetings any schedule holds "
        "(an integer programme) and aim at that where the bound is out of reach",
    )
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or sorted(p.stem for p in args.dir.glob("*.json"))
    startup = 0.0 if args.in_process else startup_seconds(1)
    where = "in process" if args.in_process else "command in a fresh process, minus a no-op start-up before and after"
    print(f"# {where}; limit {args.improve or 'default'}; seed {args.seed}")
    print(
        f"{'instance':<24}{'meetings':>9}{'bound':>7}{'share':>9}{'target':>8}{'secs':>7}"
        f"{'gaps':>7}{'greedy':>8}{'ratio':>7}{'left out':>9}{'wall':>7}  valid" + ("  optimum" if args.optimum else "")
    )
    for name in names:
        path = args.dir / f"{name}.json"
        instance = json.loads(path.read_text())
        try:
            if args.in_process:
                output, seconds, wall = run_in_process(instance, args.improve, args.seed)
            else:
                output, seconds, wall = run_command(path, args.improve, args.seed, 0.0)
                after = startup_seconds(1)
                wall -= (startup + after) / 2
                startup = after
            figures = check(instance, output)
            valid = "yes"
        except (ValueError, RuntimeError) as exc:
            figures, seconds, wall, valid = (
                {"meetings": 0, "bound": 0, "share_of_bound": 0, "idle_gaps": 0, "left_without_meeting": 0},
                0.0,
                0.0,
                f"NO: {exc}",
            )
        greedy_gaps, best_known = REFERENCE.get(name, (None, None))
        if greedy_gaps is None:
            greedy_gaps = check(instance, greedy_first_fit(instance))["idle_gaps"]
        if args.improve:
            target = 0.998
        elif len(instance["participants"]) <= 100 or best_known == figures["bound"]:
            target = 1.0
        else:
            target = 0.995
        proved = ""
        if args.optimum and len(instance["participants"]) <= 100:
            best = optimum(instance)
            proved = f"  {best if best is not None else 'not proved'}"
            if best is not None and figures["bound"] and target == 1.0:
                target = best / figures["bound"]  # the bound itself is out of reach
        ratio = figures["idle_gaps"] / greedy_gaps if greedy_gaps else 0
        print(
            f"{name:<24}{figures['meetings']:>9}{figures['bound']:>7}{figures['share_of_bound']:>9.2%}"
            f"{target:>8.1%}{seconds:>7.2f}{figures['idle_gaps']:>7}{greedy_gaps:>8}{ratio:>7.0%}"
            f"{figures['left_without_meeting']:>9}{wall:>7.2f}  {valid}{proved}",
            flush=True,
        )


if __name__ == "__main__":
    main()
