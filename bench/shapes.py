"""Instances of shapes the shared generate.py does not make, for bench/scheduler.py --dir.

    .venv/bin/python bench/shapes.py --out DIR [--seeds 1,2]

Same file format and the same kind of event (countries, activity, a heavy-tailed popularity that
makes some participants over-subscribed, contiguous blocked periods, priorities 1/2/3), with one
thing pushed further per shape:
- tail: a much heavier popularity tail (Pareto alpha 1.1 instead of about 1.6) and a higher
  acceptance cap, so a few participants are asked by very many;
- blocked: most participants block a long period (about a third of all participant-slots);
- domestic: 90 % of requests stay within a country (cross-border events usually are 75 % across);
- buyers: a buyer–seller event, a quarter of the participants are buyers and only they ask, only
  sellers are asked;
- denser: more requests per participant than the shared dense shapes (large: 12,000 requests of
  2,000 participants in 12 slots, a mean of 12 requests each against 10 in large-dense).
Each comes in three sizes (60, 400 and 2,000 participants), tables sized so that participants'
conflicts, not the tables, bind (expected meetings per slot + 15 %).
"""

import argparse
import json
import math
import random
from pathlib import Path

COUNTRIES = ["SE", "DK", "FI", "LT", "NO"]
WEIGHTS = [0.30, 0.20, 0.20, 0.15, 0.15]
SIZES = {"small": (60, 8), "medium": (400, 16), "large": (2000, 24)}
# shape: requests per participant by size, and the knobs it changes
SHAPES = {
    "tail": ({"small": 2.5, "medium": 3.75, "large": 5}, {"alpha": 1.1, "cap": 3.0}),
    "blocked": ({"small": 2.5, "medium": 3.75, "large": 5}, {"block_prob": 0.9, "block_share": 0.6}),
    "domestic": ({"small": 2.5, "medium": 3.75, "large": 5}, {"cross": 0.1}),
    "buyers": ({"small": 2.5, "medium": 3.75, "large": 5}, {"buyers": 0.25}),
    "denser": ({"small": 3.5, "medium": 8.5, "large": 6}, {}),
}
DENSER_SLOTS = {"small": 8, "medium": 16, "large": 12}


def generate(shape: str, size: str, seed: int) -> dict:
    per_person, knobs = SHAPES[shape]
    n, n_slots = SIZES[size]
    if shape == "denser":
        n_slots = DENSER_SLOTS[size]
    n_req = round(per_person[size] * n)
    rng = random.Random(f"{shape}-{size}-{seed}")
    slots = [
        {"id": f"s{i + 1:02d}", "start": f"2026-05-20T{8 + i // 3:02d}:{20 * (i % 3):02d}"} for i in range(n_slots)
    ]
    for slot in slots:  # 20-minute slots, back to back
        hour, minute = int(slot["start"][11:13]), int(slot["start"][14:16]) + 20
        slot["end"] = f"{slot['start'][:11]}{hour + minute // 60:02d}:{minute % 60:02d}"
    ids = [s["id"] for s in slots]
    people = []
    for i in range(n):
        blocked = []
        if rng.random() < knobs.get("block_prob", 0.45):
            length = rng.randint(1, max(1, round(knobs.get("block_share", 0.4) * n_slots)))
            start = rng.choice([0, n_slots - length, rng.randint(0, n_slots - length)])
            blocked = ids[start : start + length]
        people.append(
            {"id": f"p{i + 1:04d}", "country": rng.choices(COUNTRIES, WEIGHTS)[0], "unavailable_slots": blocked}
        )
    activity = [rng.lognormvariate(0, 0.6) for _ in range(n)]
    popularity = [rng.paretovariate(knobs.get("alpha", 1.6)) for _ in range(n)]
    buyers = set(rng.sample(range(n), round(knobs["buyers"] * n))) if "buyers" in knobs else None
    askers = sorted(buyers) if buyers else list(range(n))
    asked = [j for j in range(n) if not buyers or j not in buyers]
    cap = math.ceil(knobs.get("cap", 1.5) * n_slots)
    received, pairs, requests = [0] * n, set(), []
    tries = 0
    while len(requests) < n_req and tries < 500 * n_req:
        tries += 1
        a = rng.choices(askers, [activity[i] for i in askers])[0]
        across = rng.random() < knobs.get("cross", 0.75)
        pool = [j for j in asked if (people[j]["country"] != people[a]["country"]) == across and j != a]
        if not pool:
            continue
        b = rng.choices(pool, [popularity[j] for j in pool])[0]
        if frozenset((a, b)) in pairs or received[b] >= cap:
            continue
        received[b] += 1
        pairs.add(frozenset((a, b)))
        priority = rng.choices([1, 2, 3], [0.6, 0.3, 0.1])[0]
        requests.append(
            {"id": f"r{len(requests) + 1:05d}", "a": people[a]["id"], "b": people[b]["id"], "priority": priority}
        )
    tables = math.ceil(1.15 * len(requests) / n_slots)
    return {
        "name": f"{size}-{shape}",
        "seed": seed,
        "slots": slots,
        "tables": tables,
        "participants": people,
        "requests": requests,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", default="1")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in (int(s) for s in args.seeds.split(",")):
        for shape in SHAPES:
            for size in SIZES:
                instance = generate(shape, size, seed)
                path = args.out / f"{size}-{shape}_seed{seed}.json"
                path.write_text(json.dumps(instance, indent=1))
                blocked = sum(len(p["unavailable_slots"]) for p in instance["participants"])
                cells = len(instance["participants"]) * len(instance["slots"])
                print(
                    f"{path}: P={len(instance['participants'])} R={len(instance['requests'])} "
                    f"S={len(instance['slots'])} T={instance['tables']} blocked={blocked / cells:.0%}"
                )


if __name__ == "__main__":
    main()
