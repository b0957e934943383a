"""Where the scheduler's idle gaps come from, per instance: how many are blocked slots inside a
participant's day, and the floor no schedule can go under while it gives every participant as
many meetings as this one does.

    BSR_SHARED_DIR=../shared .venv/bin/python bench/gaps.py --dir DIR [--only a,b] [--seed 1] [--optimum]

Runs the command in a fresh process as bench/scheduler.py does (default limits), and the greedy.
The floor is per participant: with k meetings and these free slots, the shortest stretch of slots
holding k free ones, less k (a participant whose meetings outnumber their longest run of free
slots must sit through a blocked period; the checker counts its slots as idle gaps). The sum is a
lower bound on the idle gaps of any schedule that gives each participant as many meetings,
whatever the partners: it shows how much of the idle time is the price of the meetings held, and
how much a better arrangement could still take out.

--optimum, on events of up to 100 participants: the fewest idle gaps of any schedule under the
scheduler's rules for that schedule (as many meetings as the command's, no less priority weight,
every locked meeting kept, everyone who meets in it still meeting), proved by an integer
programme (HiGHS, through scipy; first and last slot of each participant's day as variables).
With --count-only, under the issue's own rule alone (as many meetings; locked meetings kept):
the priority weight may fall and anyone may be left out.
"""

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scheduler import SHARED, greedy_first_fit, run_command  # noqa: E402


def floor_for(free: list[bool], k: int) -> int:
    """Fewest idle slots around k meetings placed in the free slots: shortest window holding k
    free slots, minus k (0 when k is 0)."""
    if k == 0:
        return 0
    positions = [i for i, ok in enumerate(free) if ok]
    return min(positions[i + k - 1] - positions[i] + 1 - k for i in range(len(positions) - k + 1))


def analyse(instance: dict, output: dict) -> dict:
    slots = [s["id"] for s in instance["slots"]]
    index = {s: i for i, s in enumerate(slots)}
    blocked = {p["id"]: {index[s] for s in p.get("unavailable_slots", [])} for p in instance["participants"]}
    request = {r["id"]: r for r in instance["requests"]}
    busy: dict[str, set[int]] = {p: set() for p in blocked}
    for m in output["meetings"]:
        r = request[m["request"]]
        busy[r["a"]].add(index[m["slot"]])
        busy[r["b"]].add(index[m["slot"]])
    gaps = inside_blocked = floor = 0
    for p, held in busy.items():
        if not held:
            continue
        day = range(min(held), max(held) + 1)
        idle = [s for s in day if s not in held]
        gaps += len(idle)
        inside_blocked += sum(1 for s in idle if s in blocked[p])
        floor += floor_for([s not in blocked[p] for s in range(len(slots))], len(held))
    return {"meetings": len(output["meetings"]), "gaps": gaps, "blocked": inside_blocked, "floor": floor}


def gap_optimum(
    instance: dict, output: dict, seconds: float, count_only: bool = False
) -> tuple[int | None, int | None, int]:
    """(fewest idle gaps found, the fewest any schedule can have as far as HiGHS proved, scipy's
    milp status) for schedules with the output's meetings, at least its priority weight and
    everyone who meets in it meeting (with `count_only`, as many meetings only); None where no
    solution or bound was found."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    slots = {s["id"]: i for i, s in enumerate(instance["slots"])}
    n_slots = len(slots)
    people = {p["id"]: i for i, p in enumerate(instance["participants"])}
    blocked = {people[p["id"]]: {slots[s] for s in p.get("unavailable_slots", [])} for p in instance["participants"]}
    locked = {lock["request"]: slots[lock["slot"]] for lock in instance.get("locked", [])}
    request = {r["id"]: r for r in instance["requests"]}
    held = [request[m["request"]] for m in output["meetings"]]
    meets = set() if count_only else {people[r[k]] for r in held for k in ("a", "b")}
    weight = sum(r.get("priority", 1) for r in held)
    columns = []  # (request, a, b, slot, priority)
    for r in instance["requests"]:
        a, b = people[r["a"]], people[r["b"]]
        options = [locked[r["id"]]] if r["id"] in locked else sorted(set(range(n_slots)) - blocked[a] - blocked[b])
        columns += [(r["id"], a, b, s, r.get("priority", 1)) for s in options]
    n_x, n_p = len(columns), len(people)
    first, last, meeting = n_x, n_x + n_p, n_x + 2 * n_p  # per participant: f, l, and "meets at all"
    n = n_x + 3 * n_p
    rows: list[tuple[dict[int, float], float, float]] = []
    by = {}
    for j, (rid, a, b, s, _prio) in enumerate(columns):
        for key in (("r", rid), ("p", a, s), ("p", b, s), ("s", s), ("q", a), ("q", b)):
            by.setdefault(key, []).append(j)
    for key, js in by.items():
        if key[0] in ("r", "p"):
            rows.append((dict.fromkeys(js, 1), -np.inf, 1))  # a request once; a participant once a slot
        elif key[0] == "s":
            rows.append((dict.fromkeys(js, 1), -np.inf, instance["tables"]))
        else:
            p = key[1]
            if p in meets:  # whoever meets in the output still meets
                rows.append((dict.fromkeys(js, 1), 1, np.inf))
            else:  # p meets at all if any of p's columns is used; a day ends after it begins
                rows += [({meeting + p: 1, j: -1}, 0, np.inf) for j in js]
                rows.append(({last + p: 1, first + p: -1}, 0, np.inf))
            for s in range(n_slots):  # f <= s and l >= s wherever p meets in s
                used = [j for j in js if columns[j][3] == s]
                if used:
                    rows.append(({first + p: 1, **dict.fromkeys(used, n_slots)}, -np.inf, s + n_slots))
                    rows.append(({last + p: 1, **dict.fromkeys(used, -s)}, 0, np.inf))
    rows.append((dict.fromkeys(range(n_x), 1), len(held), len(held)))
    if not count_only:
        rows.append(({j: columns[j][4] for j in range(n_x)}, weight, np.inf))
    lower, upper = np.zeros(n), np.ones(n)
    upper[first : first + 2 * n_p] = n_slots - 1
    for j, (rid, *_rest) in enumerate(columns):
        if rid in locked:
            lower[j] = 1
    for p in meets:
        lower[meeting + p] = 1
    for p in set(range(n_p)) - {key[1] for key in by if key[0] == "q"}:  # no request can ever hold
        upper[first + p] = upper[last + p] = upper[meeting + p] = 0
    entries = [(i, j, v) for i, (coefs, _lo, _hi) in enumerate(rows) for j, v in coefs.items()]
    i, j, v = zip(*entries, strict=True)
    matrix = csr_matrix((v, (i, j)), shape=(len(rows), n))
    # idle gaps = sum over those who meet of (l - f + 1) - 2 * meetings
    cost = np.zeros(n)
    cost[last : last + n_p], cost[first : first + n_p], cost[meeting : meeting + n_p] = 1, -1, 1
    integrality = np.zeros(n)
    integrality[:n_x] = 1
    integrality[meeting : meeting + n_p] = 1
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows]),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"time_limit": seconds},
    )
    found = None if result.x is None else round(result.fun) - 2 * len(held)
    dual = getattr(result, "mip_dual_bound", None)
    proved = None if dual is None or not np.isfinite(dual) else math.ceil(dual - 1e-6) - 2 * len(held)
    return found, (found if result.status == 0 else proved), result.status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=SHARED / "instances", help="a directory of instance files")
    parser.add_argument("--only", default="", help="comma-separated instance names (file names without .json)")
    parser.add_argument("--seed", type=int, default=1, help="the scheduler's seed")
    parser.add_argument("--optimum", action="store_true", help="small events: prove the fewest gaps")
    parser.add_argument("--count-only", action="store_true", help="--optimum with as many meetings as the only rule")
    parser.add_argument("--seconds", type=float, default=600.0, help="the integer programme's time limit")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    paths = sorted(args.dir.glob("*.json"))
    if names:
        paths = [p for p in paths if p.stem in names]
    print(f"# command in a fresh process, default limit, seed {args.seed}; 'floor': the fewest idle gaps")
    print("# any schedule with the same meetings per participant has; target: 30 % of the greedy's gaps")
    header = ("instance", "meetings", "gaps", "blocked", "floor", "target", "greedy", "g.blocked", "g.floor")
    print("{:<24} {:>8} {:>6} {:>7} {:>6} {:>6} {:>7} {:>9} {:>7}".format(*header))
    for path in paths:
        instance = json.loads(path.read_text())
        output, _own, _wall = run_command(path, None, args.seed, 0.0)  # its times are bench/scheduler.py's
        ours, greedy = analyse(instance, output), analyse(instance, greedy_first_fit(instance))
        print(
            f"{path.stem:<24} {ours['meetings']:>8} {ours['gaps']:>6} {ours['blocked']:>7} {ours['floor']:>6}"
            f" {round(0.3 * greedy['gaps']):>6} {greedy['gaps']:>7} {greedy['blocked']:>9} {greedy['floor']:>7}",
            flush=True,
        )
        if args.optimum and len(instance["participants"]) <= 100:
            found, at_least, status = gap_optimum(instance, output, args.seconds, args.count_only)
            verdict = (
                "proved optimal" if status == 0 else f"not proved in {args.seconds:g} s; none has fewer than {at_least}"
            )
            rules = "with as many meetings as this schedule" if args.count_only else "under the scheduler's rules"
            print(f"  fewest idle gaps {rules}: {found} ({verdict})", flush=True)


if __name__ == "__main__":
    main()
