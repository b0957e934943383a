"""The meeting scheduler: a pure, database-free core.

Places accepted meeting requests into (slot, table) cells. Hard rules: a participant is in at
most one meeting per slot and never in a slot they blocked; at most one meeting per (slot, table);
each request at most once; locked meetings stay exactly where they are. Objective, in this order:
as many meetings as possible; among those, the highest priority weight (a priority-3 meeting
counts three times a priority-1 one: high priorities are placed first and a repair may swap a
meeting for a more important one); then as few idle gaps (free slots between a participant's
first and last meeting) as possible. A repair never gives up a meeting to raise the weight, and
never gives up weight unless it gains a meeting or gives someone left out a first meeting.

How (see ../shared/data/matchmaking/README.md for the instances and the bound):
1. Greedy, hardest requests first (priority, then fewest shared free slots, then the busiest
   participants), each into the shared free slot with a free table that keeps both days compact;
   every participant first gets one meeting where possible, so nobody who could meet is left out.
2. Repair, while time allows: for each unscheduled request try a direct slot, then moving one
   blocking meeting elsewhere, then a Kempe-chain swap of two slots along an alternating path,
   and, when the only shared slots are full, moving another meeting out of them (a request
   whose two participants meet in every slot they could use is passed over: only someone
   else's chain can bring it in; an ejection chain searches each participant once per depth).
   Short of the ceiling, a second construction follows the linear relaxation over (request,
   slot) pairs (HiGHS), which, unlike the flow, sees which slots partners share: on small events
   always, on larger ones when the relaxation's size fits the time left (long runs).
   An event of up to SMALL_EVENT participants still short of its ceiling goes to one integer
   programme over all its requests (HiGHS, asking for the ceiling in meetings only, then for
   the priority weight, or for one more meeting); one that leaves out someone who could meet, to
   one more for as many meetings with everyone in one.
   On an event of any size, someone still left out who could meet gets a meeting by a trade
   that keeps the count (the partner's meeting with someone who has others, or a table from a
   meeting whose two participants both have others).
   In a run of less than 10 s (or counted in steps) of an event of more than SMALL_EVENT
   participants, a repair (and the restarts) ends once neither the meetings nor their weight
   have risen for STALL_SHARE of the limit: the gap search gets the rest of the repair's time.
3. In long runs (a limit of 10 s or more), from a third of the time on: an exact search around
   unscheduled requests — take out every meeting of a small group of participants met along
   alternating paths and place their requests again by an integer programme (HiGHS, in scipy).
4. Gap search with the number of meetings fixed: move single meetings, swap Kempe chains, or move
   a meeting into a partner's busy slot and that partner's meeting on to its own best slot, move
   every meeting on one side of someone's blocked period to the other side at once, or
   trade someone's first or last meeting for their own or their partner's unscheduled request
   (never a more important one, nobody losing their only meeting), when it shortens
   participants' idle gaps; on events of up to about 400 participants also some worse moves early
   on (simulated annealing), keeping the best schedule seen.
Tables are numbered within each slot at the end (locked meetings keep theirs). Deadlines are read
from a _Clock: seconds, or steps of work for reproducible runs (schedule(..., steps=N)).

Participants, slots and requests are indexed; a participant's free and busy slots are bitmasks.
"""

from __future__ import annotations

import math
import random
import threading
import time
import warnings
from dataclasses import dataclass, field

# Imported with the module, not inside schedule(): a cold import of scipy takes longer than a small
# event's whole time limit, and the limit is for the search, not for loading libraries.
import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, OptimizeWarning, linprog, milp
from scipy.sparse.csgraph import maximum_flow

# HiGHS's own option (scipy passes it on, with this warning): the interior point's solution
# without the crossover to a vertex, which takes longer than the interior point itself.
warnings.filterwarnings("ignore", message="Unrecognized options detected: {'run_crossover'", category=OptimizeWarning)


@dataclass(frozen=True)
class Request:
    id: str
    a: str
    b: str
    priority: int = 1


@dataclass(frozen=True)
class Locked:
    request: str
    slot: str
    table: int


@dataclass
class Problem:
    slots: list[str]  # in time order
    tables: int
    participants: dict[str, set[str]]  # participant id -> unavailable slot ids
    requests: list[Request]
    locked: list[Locked] = field(default_factory=list)


@dataclass
class Meeting:
    request: str
    slot: str
    table: int


@dataclass
class Schedule:
    meetings: list[Meeting]
    unscheduled: list[str]
    stats: dict


class InvalidProblem(ValueError):
    """The input breaks a rule before scheduling starts (e.g. a locked meeting that cannot hold)."""


# Of the time limit: a repair (and its restarts) that has not raised the meetings or their weight
# for this long ends, and the gap search gets the rest (_Progress).
STALL_SHARE = 0.25


def default_time_limit(problem: Problem) -> float:
    """Seconds the scheduler may use by default: 1 s for small events, 5 s for the largest."""
    return min(5.0, max(1.0, 0.5 + len(problem.requests) / 2000))


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _popcount(mask: int) -> int:
    return mask.bit_count()


def _longest_run(mask: int) -> int:
    """The longest run of consecutive slots in `mask` (the earliest of equal ones), as a mask."""
    best, best_len, s = 0, 0, 0
    while mask >> s:
        if not (mask >> s) & 1:
            s += 1
            continue
        e = s
        while (mask >> e) & 1:
            e += 1
        if e - s > best_len:
            best, best_len = ((1 << (e - s)) - 1) << s, e - s
        s = e
    return best


class _Clock:
    """What the search's deadlines are measured in: seconds (time.monotonic), or, for reproducible
    runs, work: with `steps`, each look at the clock counts the work since the last one (one
    repair attempt, one gap-search move, SOLVE_STEPS for an exact programme) and the clock reads
    the steps so far, so the same seed and budget give the same schedule under any load."""

    def __init__(self, steps: int | None = None):
        self.steps = steps
        self.used = 0

    def __call__(self, work: int = 1) -> float:
        self.used += work
        return time.monotonic() if self.steps is None else float(self.used)


class _Progress:
    """The most (meetings, weight) any construction of a run has reached, and when. A repair that
    has raised neither that nor its own construction's for `window` (seconds, or steps) ends, no
    restart begins after such a stretch, and the time left goes to the gap search: on events where
    the count stops short of the bound early on (much blocked time, or a bound the partners'
    shared slots do not allow), the rest of the repair's time finds nothing, while the gap
    search's results grow with its time."""

    def __init__(self, clock: _Clock, window: float):
        self.clock, self.window = clock, window
        self.best = (-1, -1)
        self.since = clock(0)

    def stalled(self, st: _State | None = None) -> bool:
        """True when the run's best has not risen for the window (and, given a construction,
        neither has that construction's: its own_best)."""
        now = self.clock(0)
        if st is not None:
            key = (st.count, st.weight)
            if key > self.best:
                self.best, self.since = key, now
            best, since = st.own_best
            if key > best:
                st.own_best = (key, now)
                return False
            if now - since <= self.window:
                return False
        return now - self.since > self.window


class _State:
    def __init__(self, problem: Problem, seed: int, clock: _Clock | None = None):
        self.problem = problem
        self.clock = clock or _Clock()
        self.S = len(problem.slots)
        self.T = int(problem.tables)
        self.slot_index = {s: i for i, s in enumerate(problem.slots)}
        self.pids = list(problem.participants)
        self.pindex = {p: i for i, p in enumerate(self.pids)}
        full = (1 << self.S) - 1
        self.free = []
        for p in self.pids:
            mask = full
            for s in problem.participants[p]:
                if s in self.slot_index:
                    mask &= ~(1 << self.slot_index[s])
            self.free.append(mask)
        self.req = problem.requests
        self.ra = [self.pindex[r.a] for r in self.req]
        self.rb = [self.pindex[r.b] for r in self.req]
        self.prio = [int(r.priority or 1) for r in self.req]
        self.common = [self.free[a] & self.free[b] if a != b else 0 for a, b in zip(self.ra, self.rb)]
        P = len(self.pids)
        self.busy = [0] * P
        self.at = [[-1] * self.S for _ in range(P)]  # participant -> slot -> request index
        self.slot_of = [-1] * len(self.req)
        self.load = [0] * self.S
        self.full = 0  # slots whose tables are all taken (a bitmask)
        self.in_slot = [set() for _ in range(self.S)]
        self.count = 0
        self.flow: list[int] | None = None
        self.flow_bound: int | None = None
        self.tiebreak: list[float] | None = None  # random tie-breaks of a restart
        self.journal: list[tuple[int, int]] | None = None  # (request, slot it left, or -1 if placed)
        self.weight = 0
        self.locked = set()
        self.last_solve_status = -1
        self.progress: _Progress | None = None  # the run's, when a stalled repair should end
        self.own_best = ((-1, -1), 0.0)  # the most (meetings, weight) so far, and when (for _Progress)
        self.greedy_seconds = 0.0
        self.margin = 0.05 if self.clock.steps is None else 0  # no exact search started this close to its deadline
        self.rng = random.Random(seed)  # noqa: S311 -- a reproducible search, not security
        self.incident = [[] for _ in range(P)]
        self.usable = [0] * P  # slots where a participant could have one of their meetings
        for r, (a, b) in enumerate(zip(self.ra, self.rb)):
            if self.common[r]:
                self.incident[a].append(r)
                self.incident[b].append(r)
                self.usable[a] |= self.common[r]
                self.usable[b] |= self.common[r]
        self.side = [_longest_run(u) for u in self.usable]

    def solver_seconds(self, deadline: float, cap: float | None) -> float:
        """Seconds HiGHS may take: what is left before `deadline` (at most `cap`). A run counted in
        steps gives it a fixed allowance instead: its small programmes end long before."""
        if self.clock.steps is not None:
            return 10.0
        left = max(0.8 * (deadline - time.monotonic()), 0.01)  # HiGHS may run a little past its limit
        return left if cap is None else min(cap, left)

    # --- basic moves ---------------------------------------------------------------------------
    def place(self, r: int, s: int) -> None:
        if self.journal is not None:
            self.journal.append((r, -1))
        a, b = self.ra[r], self.rb[r]
        bit = 1 << s
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.at[a][s] = r
        self.at[b][s] = r
        self.slot_of[r] = s
        self.load[s] += 1
        if self.load[s] >= self.T:
            self.full |= bit
        self.count += 1
        self.weight += self.prio[r]
        self.in_slot[s].add(r)

    def remove(self, r: int) -> int:
        s = self.slot_of[r]
        if self.journal is not None:
            self.journal.append((r, s))
        a, b = self.ra[r], self.rb[r]
        bit = ~(1 << s)
        self.busy[a] &= bit
        self.busy[b] &= bit
        self.at[a][s] = -1
        self.at[b][s] = -1
        self.slot_of[r] = -1
        self.load[s] -= 1
        self.full &= bit
        self.count -= 1
        self.weight -= self.prio[r]
        self.in_slot[s].discard(r)
        return s

    def open_slots(self, r: int) -> int:
        """Slots where request r could go right now (both free, both available, a table free)."""
        return self.common[r] & ~self.busy[self.ra[r]] & ~self.busy[self.rb[r]] & ~self.full

    def hopeless(self, r: int) -> bool:
        """Both participants of unscheduled request r meet in every slot they could use: no move
        of the repair can place r (each needs one of them free somewhere; a chain that takes out
        a meeting of both leaves the count lower), though r may still come in along someone
        else's chain."""
        a, b = self.ra[r], self.rb[r]
        return not (self.usable[a] & ~self.busy[a]) and not (self.usable[b] & ~self.busy[b])

    # --- gaps ----------------------------------------------------------------------------------
    def gaps_of(self, busy: int) -> int:
        if not busy:
            return 0
        first = (busy & -busy).bit_length() - 1
        last = busy.bit_length() - 1
        return last - first + 1 - _popcount(busy)

    def best_slot(self, r: int, mask: int) -> int:
        """Of the slots in `mask` (where both are free), the one that adds the fewest idle gaps
        for r's two participants, then lies in the longest run of slots each could use (a day
        split by a blocked period stays on one side of it), then has the fewest meetings."""
        a, b = self.ra[r], self.rb[r]
        ends = []
        for busy in (self.busy[a], self.busy[b]):
            if busy:
                ends.append(((busy & -busy).bit_length() - 1, busy.bit_length() - 1))
        away_a, away_b = ~self.side[a], ~self.side[b]
        load = self.load
        best, best_key = -1, None
        while mask:
            low = mask & -mask
            s = low.bit_length() - 1
            mask ^= low
            # Adding s to a day [first, last] (s is free there) adds the slots between s and the
            # day as gaps and fills one if s lies inside it; to an empty day nothing.
            delta = 0
            for first, last in ends:
                delta += first - s - 1 if s < first else s - last - 1 if s > last else -1
            key = (delta, ((away_a >> s) & 1) + ((away_b >> s) & 1), load[s], s)
            if best_key is None or key < best_key:
                best, best_key = s, key
        return best

    def total_gaps(self) -> int:
        return sum(self.gaps_of(m) for m in self.busy)


def _place_locked(st: _State, problem: Problem) -> dict[str, tuple[int, int]]:
    index = {r.id: i for i, r in enumerate(problem.requests)}
    tables: dict[str, tuple[int, int]] = {}
    cells = set()
    for lock in problem.locked:
        r = index.get(lock.request)
        s = st.slot_index.get(lock.slot)
        if r is None or s is None:
            raise InvalidProblem(f"locked meeting {lock.request} names an unknown request or slot")
        if not 1 <= int(lock.table) <= st.T or (s, lock.table) in cells:
            raise InvalidProblem(f"locked meeting {lock.request}: table {lock.table} is not free in {lock.slot}")
        if st.slot_of[r] >= 0 or not (st.common[r] >> s) & 1 or (st.busy[st.ra[r]] | st.busy[st.rb[r]]) >> s & 1:
            raise InvalidProblem(f"locked meeting {lock.request} cannot hold in {lock.slot}")
        st.place(r, s)
        st.locked.add(r)
        cells.add((s, int(lock.table)))
        tables[lock.request] = (s, int(lock.table))
    return tables


def _greedy(st: _State, order: list[int]) -> None:
    for r in order:
        if st.slot_of[r] >= 0 or not st.common[r]:
            continue
        mask = st.open_slots(r)
        if mask:
            st.place(r, st.best_slot(r, mask))


def _flow_weights(st: _State) -> list[int]:
    """For each request, the flow through it (0, 1 or 2) in a maximum flow of the bipartite
    double cover where each participant can take as many meetings as slots it can use: the
    flow behind the upper bound. Requests the flow uses are the ones worth participants' slots."""
    P = len(st.pids)
    usable = [0] * P
    for r in range(len(st.req)):
        if st.common[r]:
            usable[st.ra[r]] |= st.common[r]
            usable[st.rb[r]] |= st.common[r]
    src, snk = 0, 2 * P + 1
    rows, cols, caps = [], [], []
    for p in range(P):
        if usable[p]:
            cap = max(_popcount(usable[p]) - _popcount(st.busy[p]), 0)  # locked meetings use slots already
            rows += [src, P + 1 + p]
            cols += [1 + p, snk]
            caps += [cap, cap]
    pairs: dict[tuple[int, int], list[int]] = {}  # parallel requests share one arc: count them
    for r in range(len(st.req)):
        if st.common[r] and st.slot_of[r] < 0:
            a, b = st.ra[r], st.rb[r]
            pairs.setdefault((1 + a, P + 1 + b), []).append(r)
            pairs.setdefault((1 + b, P + 1 + a), []).append(r)
    if not pairs:
        return [0] * len(st.req)
    for (u, v), rs in pairs.items():
        rows.append(u)
        cols.append(v)
        caps.append(len(rs))
    graph = sp.csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(2 * P + 2, 2 * P + 2))
    result = maximum_flow(graph, src, snk)
    st.flow_bound = st.count + int(result.flow_value) // 2  # locked meetings plus the flow bound
    # One vectorised look-up of every pair's flow: indexing the sparse matrix pair by pair took
    # longer than the flow itself (seconds on the large events).
    keys = list(pairs)
    us = np.fromiter((u for u, _v in keys), dtype=np.int64, count=len(keys))
    vs = np.fromiter((v for _u, v in keys), dtype=np.int64, count=len(keys))
    amounts = np.asarray(result.flow.tocsr()[us, vs]).ravel().tolist()
    weights = [0] * len(st.req)
    for (u, v), amount in zip(keys, amounts, strict=True):
        rs = pairs[(u, v)]
        amount = int(amount)
        for r in rs:
            take = min(amount, 1)
            weights[r] += take
            amount -= take
    return weights


def _order(st: _State) -> list[int]:
    degree = [len(x) for x in st.incident]
    flow = st.flow or [0] * len(st.req)
    candidates = [r for r in range(len(st.req)) if st.common[r] and st.slot_of[r] < 0]
    return sorted(
        candidates,
        key=lambda r: (
            -flow[r],
            -st.prio[r],
            _popcount(st.common[r]),
            -(degree[st.ra[r]] + degree[st.rb[r]]),
            st.tiebreak[r] if st.tiebreak else r,
        ),
    )


def _first_meetings(st: _State) -> list[int]:
    """One request per participant, for those with the fewest options first, so that everybody
    who can meet gets at least one meeting before the busy ones fill the grid."""
    chosen, covered = [], set()
    people = sorted(range(len(st.pids)), key=lambda p: (len(st.incident[p]), p))
    for p in people:
        if p in covered or not st.incident[p]:
            continue
        r = min(st.incident[p], key=lambda r: (-st.prio[r], _popcount(st.common[r])))
        chosen.append(r)
        covered.update((st.ra[r], st.rb[r]))
    return sorted(chosen, key=lambda r: (-st.prio[r], _popcount(st.common[r]), r))


def _try_direct(st: _State, r: int) -> bool:
    mask = st.open_slots(r)
    if mask:
        st.place(r, st.best_slot(r, mask))
        return True
    return False


def _relocate(st: _State, m: int, avoid: int) -> bool:
    """Move meeting m to another open slot (not `avoid`); False if m is locked or has none."""
    if m in st.locked:
        return False
    # Where m could go, seen before it moves (its own slot is busy for both, and taking it out
    # frees no table elsewhere): most calls find none, and taking m out and back cost more.
    mask = st.common[m] & ~st.busy[st.ra[m]] & ~st.busy[st.rb[m]] & ~st.full & ~(1 << avoid)
    if not mask:
        return False
    st.remove(m)
    st.place(m, st.best_slot(m, mask))
    return True


def _try_one_move(st: _State, r: int) -> bool:
    """Free slot s for r by moving the meeting(s) that block a and/or b there."""
    a, b = st.ra[r], st.rb[r]
    for s in _bits(st.common[r]):
        if st.load[s] >= st.T and not (st.at[a][s] >= 0 or st.at[b][s] >= 0):
            continue
        blockers = {st.at[a][s], st.at[b][s]} - {-1}
        moved = []
        ok = True
        for m in blockers:
            if _relocate(st, m, avoid=s):
                moved.append(m)
            else:
                ok = False
                break
        if ok and st.load[s] < st.T:
            st.place(r, s)
            return True
        # undo: the moved meetings can always go back to s (nothing else took it)
        for m in moved:
            st.remove(m)
            st.place(m, s)
    return False


def _kempe_path(st: _State, start: int, s1: int, s2: int) -> list[int]:
    """Meetings on the alternating s1/s2 path from participant `start`, whose first edge is in s1."""
    path, p, s, other = [], start, s1, s2
    seen = set()
    while True:
        m = st.at[p][s]
        if m < 0 or m in seen:
            break
        seen.add(m)
        path.append(m)
        p = st.rb[m] if st.ra[m] == p else st.ra[m]
        s, other = other, s
    return path


def _swap_path(st: _State, path: list[int], s1: int, s2: int) -> bool:
    """Swap slots s1<->s2 of every meeting on the path if availability, locks and tables allow."""
    if any(m in st.locked for m in path):
        return False
    moves = [(m, s2 if st.slot_of[m] == s1 else s1) for m in path]
    if any(not (st.common[m] >> new) & 1 for m, new in moves):
        return False
    delta = {s1: 0, s2: 0}
    for m, new in moves:
        delta[new] += 1
        delta[st.slot_of[m]] -= 1
    if st.load[s1] + delta[s1] > st.T or st.load[s2] + delta[s2] > st.T:
        return False
    for m, _new in moves:
        st.remove(m)
    for m, new in moves:
        st.place(m, new)
    return True


def _try_kempe(st: _State, r: int, budget: int = 12) -> bool:
    """a is free in s_a where b is busy, b is free in s_b where a is busy: swap slots along the
    alternating s_a/s_b path that starts at b's meeting in s_a (Vizing's argument), which frees
    b in s_a unless the path reaches a; then place r in s_a."""
    a, b = st.ra[r], st.rb[r]
    common = st.common[r]
    free_a = common & ~st.busy[a]
    free_b = common & ~st.busy[b]
    tries = 0
    for s_a in _bits(free_a):  # a free here, b busy here
        for s_b in _bits(free_b):  # b free here, a busy here
            if s_a == s_b:
                continue
            tries += 1
            if tries > budget:
                return False
            # Swap the path from b that starts with b's meeting in s_a: b becomes free in s_a.
            path = _kempe_path(st, b, s_a, s_b)
            touches_a = a in {x for m in path for x in (st.ra[m], st.rb[m])}
            if path and not touches_a and _swap_path(st, path, s_a, s_b):
                if st.load[s_a] < st.T and not (st.busy[a] >> s_a) & 1 and not (st.busy[b] >> s_a) & 1:
                    st.place(r, s_a)
                    return True
                _swap_path(st, path, s_a, s_b)  # undo
    return False


def _try_full_slot(st: _State, r: int) -> bool:
    """Both free in some shared slot, but its tables are all taken: move another meeting out."""
    a, b = st.ra[r], st.rb[r]
    mask = st.common[r] & ~st.busy[a] & ~st.busy[b]
    for s in _bits(mask):
        if st.load[s] < st.T:
            continue
        candidates = [m for m in _meetings_in(st, s, 20) if m not in st.locked]
        for m in candidates:
            if _relocate(st, m, avoid=s):
                st.place(r, s)
                return True
    return False


def _other(st: _State, m: int, p: int) -> int:
    return st.rb[m] if st.ra[m] == p else st.ra[m]


def _try_eject(
    st: _State, r: int, depth: int, deadline: float, tabu: set[int], gained: int = 0, seen: dict | None = None
) -> bool:
    """An augmenting path: put r where one of its participants has meeting m, take m out, and
    give m's other participant another meeting (recursively, `depth` levels). The chain is kept
    when it adds a meeting, or when it keeps the number and raises the priority weight (`gained`
    is the weight change so far) without leaving anyone out; otherwise it is undone. `seen`: the
    participants whose requests this search already tried, with the depth left then: one is not
    searched again with no more depth left (the search would grow exponentially with the depth)."""
    if depth <= 0 or st.clock() >= deadline:
        return False
    if seen is None:
        seen = {}
    a, b = st.ra[r], st.rb[r]
    for p, q in ((a, b), (b, a)):
        for s in _bits(st.common[r] & st.busy[p]):
            m = st.at[p][s]
            if m < 0 or m in st.locked or m in tabu:
                continue
            c = _other(st, m, p)
            if seen.get(c, 0) >= depth:
                continue
            after = gained + st.prio[r] - st.prio[m]
            n = st.at[q][s]  # q's own meeting in s, moved elsewhere first if there is one
            if n == m or (n >= 0 and not _relocate(st, n, avoid=s)):
                continue
            seen[c] = depth
            st.remove(m)
            st.place(r, s)
            tabu.add(r)
            for r2 in st.incident[c]:
                if r2 == m or st.slot_of[r2] >= 0 or r2 in tabu:
                    continue
                d = _other(st, r2, c)
                if st.usable[d] & ~st.busy[d] and (_try_direct(st, r2) or _try_one_move(st, r2)):
                    return True  # (both need a free slot: c has s now)
                if _try_eject(st, r2, depth - 1, deadline, tabu, after, seen):
                    return True
            if _try_direct(st, m):  # m itself may fit elsewhere now
                return True
            if after > 0 and st.busy[c]:  # as many meetings as before, more important ones, nobody left out
                return True
            tabu.discard(r)
            st.remove(r)
            st.place(m, s)
            if n >= 0:
                st.remove(n)
                st.place(n, s)
    return False


def _kick(st: _State, deadline: float, tries: int = 40) -> None:
    """Stalled: reshuffle the schedule around some unscheduled requests without losing meetings or
    weight (sideways rebuilds), so that the next rounds of chains meet new configurations."""
    pending = [r for r in range(len(st.req)) if st.slot_of[r] < 0 and st.common[r] and not st.hopeless(r)]
    st.rng.shuffle(pending)
    for r in pending[:tries]:
        if st.clock() >= deadline:
            return
        _try_rebuild(st, r, deadline, sideways=True)


def _rollback(st: _State, mark: int) -> None:
    journal, st.journal = st.journal, None
    while len(journal) > mark:
        r, old = journal.pop()
        if old < 0:
            st.remove(r)
        else:
            st.place(r, old)
    st.journal = journal


def _try_rebuild(st: _State, r: int, deadline: float, sideways: bool = False) -> bool:
    """Large-neighbourhood move: take out every meeting of r's two participants, place r, and put
    the others back where they fit (moving blockers as the repair does). Kept only when there are
    more meetings and nobody who had a meeting is left without one; otherwise every step is
    undone from the journal."""
    a, b = st.ra[r], st.rb[r]
    around = {st.at[p][s] for p in (a, b) for s in _bits(st.busy[p])}
    if around & st.locked:
        return False
    count, weight = st.count, st.weight
    people = {p for m in around for p in (st.ra[m], st.rb[m])}
    st.journal = []
    for m in sorted(around, key=lambda m: (-st.prio[m], _popcount(st.common[m]))):
        st.remove(m)
    if _try_direct(st, r):
        for m in sorted(around, key=lambda m: (-st.prio[m], _popcount(st.common[m]))):
            if st.clock() >= deadline:
                break
            _try_direct(st, m) or _try_one_move(st, m)
    better = st.count > count
    level = sideways and st.count == count and st.weight == weight and st.slot_of[r] >= 0
    keep = (better or level) and all(st.busy[p] for p in people)
    if not keep:
        _rollback(st, 0)
    st.journal = None
    return keep


def _repair(st: _State, deadline: float, bound: int) -> None:
    """Rounds over the unscheduled requests until the bound is reached, time is up, or a round
    with the deepest chains finds nothing. After a round that adds at most two meetings the next
    searches deeper (and, from depth 3, in a shuffled order, with rebuilds)."""
    depth, idle_rounds = 2, 0
    while st.clock() < deadline and st.count < bound:
        improved, count = False, st.count
        pending = _order(st)
        if depth > 2:
            st.rng.shuffle(pending)
        for r in pending:
            if st.slot_of[r] >= 0 or st.hopeless(r):
                continue
            if st.clock() >= deadline or st.count >= bound or (st.progress and st.progress.stalled(st)):
                return
            a, b = st.ra[r], st.rb[r]
            # With one of them meeting in every slot they could use, only a chain that takes out
            # one of that participant's meetings can place r: the other moves would all fail.
            both_free = st.usable[a] & ~st.busy[a] and st.usable[b] & ~st.busy[b]
            if (
                (
                    both_free
                    and (_try_direct(st, r) or _try_one_move(st, r) or _try_kempe(st, r) or _try_full_slot(st, r))
                )
                or _try_eject(st, r, depth, deadline, set())
                or (depth > 2 and _try_rebuild(st, r, deadline))
            ):
                improved = True
        # Deeper chains when a round added at most two meetings (rounds that only raised the weight or
        # moved meetings sideways count as such): the shallow ones have found what they find.
        if st.count - count <= 2:
            depth = min(depth + 1, 6)
        if improved:
            idle_rounds = 0
        else:
            idle_rounds += 1
            if idle_rounds > 2:
                _kick(st, deadline)
            if idle_rounds > 5:
                return  # stalled: the caller may restart with other tie-breaks


def _component(st: _State, m: int, s1: int, s2: int, limit: int = 60) -> list[int] | None:
    """The meetings connected to m through shared participants within slots s1 and s2 (a Kempe
    component): swapping all their slots keeps every participant in one meeting per slot."""
    seen, stack = {m}, [m]
    while stack:
        x = stack.pop()
        s = st.slot_of[x]
        other = s2 if s == s1 else s1
        for p in (st.ra[x], st.rb[x]):
            y = st.at[p][other]
            if y >= 0 and y not in seen:
                if y in st.locked or len(seen) >= limit:
                    return None
                seen.add(y)
                stack.append(y)
    return list(seen)


def _swap_gain(st: _State, comp: list[int], s1: int, s2: int) -> int | None:
    """Gap reduction if the component's slots were swapped; None when not allowed."""
    delta = {s1: 0, s2: 0}
    flip = 0
    people = set()
    for x in comp:
        new = s2 if st.slot_of[x] == s1 else s1
        if x in st.locked or not (st.common[x] >> new) & 1:
            return None
        delta[new] += 1
        delta[st.slot_of[x]] -= 1
        people.add(st.ra[x])
        people.add(st.rb[x])
    if st.load[s1] + delta[s1] > st.T or st.load[s2] + delta[s2] > st.T:
        return None
    flip = (1 << s1) | (1 << s2)
    gain = 0
    for p in people:
        busy = st.busy[p]
        has1, has2 = (busy >> s1) & 1, (busy >> s2) & 1
        if has1 == has2:
            continue  # busy in both or neither: the swap changes nothing for p
        after = busy ^ flip
        gain += st.gaps_of(busy) - st.gaps_of(after)
    return gain


def _apply_swap(st: _State, comp: list[int], s1: int, s2: int) -> None:
    moves = [(x, s2 if st.slot_of[x] == s1 else s1) for x in comp]
    for x, _new in moves:
        st.remove(x)
    for x, new in moves:
        st.place(x, new)


def _exchange_into(st: _State, p: int, hole: int) -> int:
    """Slot `hole` is full and inside p's day: give its table to an unscheduled request of p if
    some meeting there can leave with a net gap gain and no loss of priority weight. Returns the
    gain (0: nothing changed)."""
    options = [
        r
        for r in st.incident[p]
        if st.slot_of[r] < 0 and (st.common[r] >> hole) & 1 and not (st.busy[_other(st, r, p)] >> hole) & 1
    ]
    if not options:
        return 0
    r = max(options, key=lambda x: st.prio[x])
    q = _other(st, r, p)
    bit = 1 << hole
    gain_add = (
        st.gaps_of(st.busy[p]) - st.gaps_of(st.busy[p] | bit) + st.gaps_of(st.busy[q]) - st.gaps_of(st.busy[q] | bit)
    )
    best, best_gain = -1, 0
    for m in _meetings_in(st, hole, 24):
        if m in st.locked or st.prio[m] > st.prio[r] or p in (st.ra[m], st.rb[m]) or q in (st.ra[m], st.rb[m]):
            continue
        a, b = st.ra[m], st.rb[m]
        if st.busy[a] == bit or st.busy[b] == bit:
            continue  # never take away someone's only meeting
        gain = gain_add + (
            st.gaps_of(st.busy[a])
            - st.gaps_of(st.busy[a] & ~bit)
            + st.gaps_of(st.busy[b])
            - st.gaps_of(st.busy[b] & ~bit)
        )
        if gain > best_gain:
            best, best_gain = m, gain
    if best < 0:
        return 0
    st.remove(best)
    st.place(r, hole)
    return best_gain


def _meetings_in(st: _State, s: int, limit: int) -> list[int]:
    """Up to `limit` meetings of slot s, at random."""
    meetings = list(st.in_slot[s])
    return st.rng.sample(meetings, min(limit, len(meetings)))


# The gap search's starting temperature (in idle gaps; it falls to 0 at 80 % of its time), for an
# event of up to GAP_HEAT_PEOPLE participants with meetings; lower in proportion on larger ones,
# where each participant gets fewer moves in the time and a hot search does not settle (2,000
# participants: 0.3 reached 5,919 gaps on large-blocked, 1.5 reached 7,724, none 6,045).
GAP_HEAT = 1.5
GAP_HEAT_PEOPLE = 400
SWAP_IN_SHARE = 0.1  # of the gap search's picks: try trading an edge meeting (_swap_in)
EVACUATE_SHARE = 0.2  # of the picks whose day spans a blocked period: try emptying one side (_evacuate)


def _snapshot_restore(st: _State, snapshot: list[int]) -> None:
    """Put every meeting back where `snapshot` (a copy of st.slot_of) had it: both are valid
    schedules, so taking out what differs and placing the rest never breaks a rule."""
    moved = [r for r, s in enumerate(st.slot_of) if s != snapshot[r]]
    for r in moved:
        if st.slot_of[r] >= 0:
            st.remove(r)
    for r in moved:
        if snapshot[r] >= 0:
            st.place(r, snapshot[r])


def _accepts(rng, gain: int, temperature: float) -> bool:
    """The gap search's rule for a move: always when it shortens idle gaps, now and then when it
    changes nothing (to get past plateaus), and a worse one with the annealing's chance."""
    return (
        gain > 0
        or (gain == 0 and rng.random() < 0.3)
        or (gain < 0 and temperature > 0 and rng.random() < math.exp(gain / temperature))
    )


def _chain_move(st: _State, m: int, target: int, temperature: float) -> int | None:
    """Move meeting m to `target` where exactly one of its participants (x) has meeting y, and y
    to the open slot that suits its own participants best (any slot, not only m's old one: the
    move a two-slot swap cannot make). Kept when it shortens idle gaps, or by the annealing's
    chance; returns the gain, or None (nothing changed). Judged on the busy masks before any
    meeting moves: most tries are turned down, and undoing them cost more than the search."""
    source = st.slot_of[m]
    a, b = st.ra[m], st.rb[m]
    tbit, sbit = 1 << target, 1 << source
    if not st.common[m] & tbit:
        return None
    ya, yb = st.at[a][target], st.at[b][target]
    if (ya >= 0) == (yb >= 0):
        return None  # both free there (the swap saw it) or both busy (two chains)
    x, o, y = (a, b, ya) if ya >= 0 else (b, a, yb)
    z = _other(st, y, x)
    if y in st.locked or z == o:
        return None
    bx = st.busy[x] & ~sbit  # x: m now in target where y was
    bo = (st.busy[o] & ~sbit) | tbit
    bz = st.busy[z] & ~tbit
    mask = st.common[y] & ~bx & ~bz & ~tbit
    best, best_key = -1, None
    gaps_of = st.gaps_of
    for u in _bits(mask):
        load = st.load[u] - (u == source)
        if load >= st.T:
            continue
        ubit = 1 << u
        key = (gaps_of(bx | ubit) + gaps_of(bz | ubit), load, u)
        if best_key is None or key < best_key:
            best, best_key = u, key
    if best < 0:
        return None
    gain = gaps_of(st.busy[x]) + gaps_of(st.busy[o]) + gaps_of(st.busy[z]) - best_key[0] - gaps_of(bo)
    if _accepts(st.rng, gain, temperature):
        st.remove(m)
        st.remove(y)
        st.place(m, target)
        st.place(y, best)
        return gain
    return None


def _swap_in(st: _State, p: int, temperature: float) -> int | None:
    """Trade p's first or last meeting for an unscheduled request, in a slot where its two
    participants and a table are free: one of p's own requests, or one of the old partner's (the
    partner then meets someone else instead; on events with much blocked time this empties the far
    side of p's blocked period, which no move of the meeting itself could). The number of meetings
    stays, the priority weight does not fall (only a meeting of the same or lower priority goes),
    and nobody loses their only meeting. Of all such trades the one that shortens the idle gaps of
    the three involved most is taken when it gains, or by the annealing's chance. Returns the
    gain, or None."""
    busy = st.busy[p]
    first, last = (busy & -busy).bit_length() - 1, busy.bit_length() - 1
    if first == last:
        return None
    gaps_of = st.gaps_of
    gp = gaps_of(busy)
    best, best_gain = None, None
    for drop in (first, last):
        m = st.at[p][drop]
        if m in st.locked:
            continue
        c = _other(st, m, p)
        dbit = 1 << drop
        kept = busy & ~dbit
        kept_c = st.busy[c] & ~dbit
        # One of p's requests instead (unless c would be left without a meeting), or one of c's
        # (c keeps its count: the far side of p's blocked time emptied without anyone meeting
        # less). Each: whose request, their day without m, the gain for the others, who may not
        # be the new partner, the requests.
        trades = (
            (p, kept, gp + gaps_of(st.busy[c]) - gaps_of(kept_c), c, st.incident[p] if st.busy[c] != dbit else ()),
            (c, kept_c, gp - gaps_of(kept) + gaps_of(st.busy[c]), p, st.incident[c]),
        )
        for owner, day, base, excluded, requests in trades:
            for r in requests:
                if st.slot_of[r] >= 0 or st.prio[r] < st.prio[m]:
                    continue
                q = _other(st, r, owner)
                if q == excluded:
                    continue
                mask = st.common[r] & ~day & ~st.busy[q] & ~(st.full & ~dbit)
                for h in _bits(mask):
                    hbit = 1 << h
                    gain = base - gaps_of(day | hbit) + gaps_of(st.busy[q]) - gaps_of(st.busy[q] | hbit)
                    if best_gain is None or gain > best_gain:
                        best, best_gain = (m, r, h), gain
    if best is None or not _accepts(st.rng, best_gain, temperature):
        return None
    m, r, h = best
    st.remove(m)
    st.place(r, h)
    return best_gain


def _evacuate(st: _State, p: int, temperature: float) -> int | None:
    """p's day spans a blocked period of theirs (its slots count as idle gaps): move every meeting
    on one side of it to the other side at once, so the period leaves p's day. Each goes into a
    slot there where p, the partner and a table are free (the one that suits both best); else p
    meets one of their unscheduled requests there instead (of the same or a higher priority; the
    old partner keeps another meeting); else the meeting goes where the partner meets someone
    else, and that meeting on to its own best slot. One meeting at a time seldom pays: only the
    last one to go takes the period out, and the partners' days may lengthen meanwhile. The
    number of meetings stays and the weight does not fall. Kept when the idle gaps of everyone
    involved fall in all, or by the annealing's chance; otherwise undone from the journal.
    Returns the gain, or None (nothing changed)."""
    busy = st.busy[p]
    first, last = (busy & -busy).bit_length() - 1, busy.bit_length() - 1
    day = ((1 << (last + 1)) - 1) >> first << first
    inside = day & ~st.free[p]
    if not inside:
        return None
    b = st.rng.choice(list(_bits(inside)))
    below = (1 << b) - 1
    above = ((1 << st.S) - 1) & ~((1 << (b + 1)) - 1)
    sides = [(busy & above, below), (busy & below, above)]  # (meetings to move, where they go)
    sides.sort(key=lambda side: _popcount(side[0]))
    for leaving, region in sides:
        if _popcount(st.free[p] & region & ~busy) >= _popcount(leaving):
            break
    else:
        return None
    moving = [st.at[p][s] for s in _bits(leaving)]
    if any(m in st.locked for m in moving):
        return None
    gaps_of = st.gaps_of
    before = {p: busy}
    st.journal = []
    for m in moving:
        q = _other(st, m, p)
        before.setdefault(q, st.busy[q])
        st.remove(m)
        room = region & ~st.busy[p] & ~st.full
        mask = st.common[m] & room & ~st.busy[q]
        if mask:
            u = min(_bits(mask), key=lambda u: (gaps_of(st.busy[p] | 1 << u) + gaps_of(st.busy[q] | 1 << u), u))
            st.place(m, u)
            continue
        trade = None
        if st.busy[q]:  # q keeps another meeting: p may meet someone else instead
            for r in st.incident[p]:
                if st.slot_of[r] >= 0 or st.prio[r] < st.prio[m]:
                    continue
                c = _other(st, r, p)
                for u in _bits(st.common[r] & room & ~st.busy[c]):
                    key = (gaps_of(st.busy[p] | 1 << u) + gaps_of(st.busy[c] | 1 << u) - gaps_of(st.busy[c]), u)
                    if trade is None or key < trade[0]:
                        trade = (key, r, u, c)
        if trade is not None:
            _key, r, u, c = trade
            before.setdefault(c, st.busy[c])
            st.place(r, u)
            continue
        chain = None
        for u in _bits(st.common[m] & room & st.busy[q]):
            y = st.at[q][u]
            z = _other(st, y, q)
            if y in st.locked or z == p:
                continue
            for v in _bits(st.common[y] & ~st.busy[q] & ~st.busy[z] & ~st.full):
                bz = st.busy[z] & ~(1 << u) | 1 << v
                key = (gaps_of(st.busy[p] | 1 << u) + gaps_of(st.busy[q] | 1 << v) + gaps_of(bz), u, v)
                if chain is None or key < chain[0]:
                    chain = (key, u, v, y, z)
        if chain is None:
            break
        _key, u, v, y, z = chain
        before.setdefault(z, st.busy[z])
        st.remove(y)
        st.place(m, u)
        st.place(y, v)
    else:  # every meeting moved
        gain = sum(gaps_of(old) - gaps_of(st.busy[x]) for x, old in before.items())
        if _accepts(st.rng, gain, temperature):
            st.journal = None
            return gain
    _rollback(st, 0)
    st.journal = None
    return None


def _reduce_gaps(st: _State, deadline: float, heat: float | None = None) -> None:
    """Local search with the number of meetings fixed. Pick someone with idle gaps; move one of their
    meetings (the first or last, or any, half the time) to a slot inside or next to their day,
    together with its Kempe component when partners are busy there, or else with the one
    partner's meeting in the way moved on to its own best slot (_chain_move). Improving moves
    are kept, sideways moves now and then; worse moves too, with a chance that falls with the
    loss and with the time (simulated annealing from `heat`, default GAP_HEAT scaled down on
    large events, to 0 at 80 % of the time; a greedy descent stalls early). Full slots may trade
    a meeting for an unscheduled request that closes the hole, and now and then someone's first or
    last meeting is traded for one of their or their partner's unscheduled requests (_swap_in). The
    best schedule seen is kept.
    Stops at the deadline, or when many moves in a row gained nothing (small events end early)."""
    people = [p for p in range(len(st.pids)) if st.busy[p]]
    if not people:
        return
    if heat is None:
        heat = GAP_HEAT * min(1.0, GAP_HEAT_PEOPLE / len(people)) ** 2
    start = st.clock(0)
    span = max(deadline - start, 1e-9)
    temperature = heat
    total = best_total = low = st.total_gaps()
    best = list(st.slot_of)
    rng = st.rng
    gaps_of = st.gaps_of
    gapped = [p for p in people if gaps_of(st.busy[p])] or people
    stale, checks = 0, 0
    while stale < 2000 * len(people) and total > 0:  # stale: moves since the lowest total
        checks += 1
        if checks % 64 == 0:
            now = st.clock(64)
            if now >= deadline:
                break
            temperature = heat * max(0.0, 1 - (now - start) / (0.8 * span))
            if total < best_total:
                best_total, best = total, list(st.slot_of)
            if checks % 1024 == 0:  # those with gaps now (the rest would only be picked and passed)
                gapped = [p for p in people if gaps_of(st.busy[p])] or people
        p = rng.choice(gapped)
        busy = st.busy[p]
        if not st.gaps_of(busy):
            stale += 1
            continue
        first, last = (busy & -busy).bit_length() - 1, busy.bit_length() - 1
        # Only slots p can use: a blocked slot inside p's day is a gap no move fills there, but
        # moving the meeting on its far side to just before or after the day may close it.
        free = st.free[p]
        holes = [s for s in range(first, last + 1) if not (busy >> s) & 1 and (free >> s) & 1]
        edges = [s for s in (first - 1, last + 1) if 0 <= s < st.S and (free >> s) & 1]
        if rng.random() < 0.5 and (holes or edges):
            source = rng.choice((first, last))
            target = rng.choice(holes + edges)
        else:
            source = rng.choice(list(_bits(busy)))
            window = free & (((1 << (min(last + 1, st.S - 1) + 1)) - 1) >> max(first - 1, 0) << max(first - 1, 0))
            target = rng.choice(list(_bits(window)))
        m = st.at[p][source]
        if m < 0 or m in st.locked or target == source:
            stale += 1
            continue
        gain = None
        if len(holes) < last - first + 1 - _popcount(busy) and rng.random() < EVACUATE_SHARE:
            gain = _evacuate(st, p, temperature)  # p's day spans a blocked period of theirs
        if gain is None and rng.random() < SWAP_IN_SHARE:
            gain = _swap_in(st, p, temperature)
        if gain is None and st.load[target] >= st.T and target in holes:
            gain = _exchange_into(st, p, target) or None
        if gain is None:
            comp = _component(st, m, source, target)
            swap = None if comp is None else _swap_gain(st, comp, source, target)
            if swap is not None and _accepts(rng, swap, temperature):
                _apply_swap(st, comp, source, target)
                gain = swap
        if gain is None:  # the two-slot swap not taken: the partner's meeting in the way moves on
            gain = _chain_move(st, m, target, temperature)
        if gain is None:
            stale += 1
            continue
        total -= gain
        stale, low = (0, total) if total < low else (stale + 1, low)
    if total > best_total:
        _snapshot_restore(st, best)


def _alternating_people(st: _State, r0: int, size: int) -> set[int]:
    """Participants around unscheduled request r0 along alternating paths (a meeting, then an
    unscheduled request of that partner, …): where an extra meeting would have to come from."""
    people = {st.ra[r0], st.rb[r0]}
    queue = list(people)
    while queue and len(people) < size:
        p = queue.pop(0)
        meetings = [st.at[p][s] for s in _bits(st.busy[p])]
        st.rng.shuffle(meetings)
        for m in meetings[:4]:
            c = _other(st, m, p)
            if c in people:
                continue
            people.add(c)
            waiting = [r for r in st.incident[c] if st.slot_of[r] < 0]
            st.rng.shuffle(waiting)
            for r in waiting[:3]:
                d = _other(st, r, c)
                if d not in people:
                    people.add(d)
                    queue.append(d)
            if len(people) >= size:
                break
    return people


def _solve_around(
    st: _State,
    people: set[int],
    time_limit: float,
    at_least: int | None = None,
    weighted: bool = True,
    cover: set[int] | None = None,
) -> bool:
    """Take out every (unlocked) meeting of `people` and place their requests again by an exact
    integer programme (HiGHS through scipy): most meetings, then most priority weight, nobody who
    had a meeting left without one, everyone else's meetings fixed. Kept only when better.
    `at_least`: only schedules with that many meetings in all count (a cut that often lets HiGHS
    find one, or prove there is none, much sooner). st.last_solve_status: scipy's milp status
    (0 optimal, 1 out of time, 2 infeasible). `weighted=False` asks for meetings only (HiGHS
    proves a count much sooner than a count and a weight); the result is still kept only when
    better by count, then weight. `cover`: people who must all have a meeting in the result (kept
    then with as many meetings as before, whatever the weight)."""
    requests = sorted({r for p in people for r in st.incident[p] if r not in st.locked})
    before = [(r, st.slot_of[r]) for r in requests if st.slot_of[r] >= 0]
    count, weight = len(before), sum(st.prio[r] for r, _s in before)
    for r, _s in before:
        st.remove(r)
    options = [
        (r, s)
        for r in requests
        for s in _bits(st.common[r] & ~st.busy[st.ra[r]] & ~st.busy[st.rb[r]])
        if st.load[s] < st.T
    ]
    rows: dict[tuple, int] = {}
    entries = []
    for j, (r, s) in enumerate(options):
        for key in (("p", st.ra[r], s), ("p", st.rb[r], s), ("r", r), ("s", s)):
            entries.append((rows.setdefault(key, len(rows)), j))
    upper = np.ones(len(rows))
    for key, i in rows.items():
        if key[0] == "s":
            upper[i] = st.T - st.load[key[1]]
    constraints = []
    if options:
        i, j = zip(*entries, strict=True)
        matrix = sp.csr_matrix((np.ones(len(i)), (i, j)), shape=(len(rows), len(options)))
        constraints.append(LinearConstraint(matrix, -np.inf, upper))
        alone = {p for r, _s in before for p in (st.ra[r], st.rb[r]) if not st.busy[p]}  # had one, must keep one
        alone |= {p for p in cover or () if not st.busy[p]}
        index = {p: k for k, p in enumerate(alone)}
        cover = [(index[p], j) for j, (r, _s) in enumerate(options) for p in (st.ra[r], st.rb[r]) if p in index]
        if cover:
            i, j = zip(*cover, strict=True)
            constraints.append(
                LinearConstraint(sp.csr_matrix((np.ones(len(i)), (i, j)), shape=(len(index), len(options))), 1, np.inf)
            )
    best = None
    st.last_solve_status = 0 if not options else -1
    if options:
        if at_least is not None:
            others = st.count  # the meetings outside the group (the group's were taken out)
            constraints.append(LinearConstraint(np.ones((1, len(options))), at_least - others, np.inf))
        big = 3 * len(requests) + 1  # one more meeting outweighs any priority difference
        cost = -np.array([big + st.prio[r] if weighted else 1 for r, _s in options], dtype=float)
        result = milp(
            cost,
            constraints=constraints,
            integrality=np.ones(len(options)),
            bounds=Bounds(0, 1),
            options={"time_limit": time_limit},
        )
        st.last_solve_status = result.status
        if result.x is not None:
            best = [options[j] for j in np.flatnonzero(result.x > 0.5)]
    if best is not None and (
        (len(best), sum(st.prio[r] for r, _s in best)) > (count, weight) or (cover and len(best) >= count)
    ):
        for r, s in best:
            st.place(r, s)
        return True
    for r, s in before:
        st.place(r, s)
    return False


def _search_around(st: _State, deadline: float, bound: int) -> None:
    """Neighbourhood search for longer runs: around random unscheduled requests, re-solve small
    groups of participants exactly (_solve_around) until the bound or the deadline."""
    while st.count < bound and st.clock(SOLVE_STEPS) < deadline - st.margin:
        pending = [r for r in range(len(st.req)) if st.slot_of[r] < 0 and st.common[r]]
        if not pending:
            return
        r0 = st.rng.choice(pending)
        people = _alternating_people(st, r0, st.rng.randint(10, 30))
        _solve_around(st, people, st.solver_seconds(deadline, 0.5))


SOLVE_STEPS = 20  # what one exact programme counts in a run measured in steps
SMALL_EVENT = 100  # participants: up to this many, the whole event is solved exactly when needed


def _solve_all(st: _State, deadline: float, goal: int) -> bool:
    """A small event the repair left short of its ceiling `goal`: integer programmes over every
    request (every meeting that is not locked may move), first asking for `goal` meetings, then,
    if that is proved impossible, for one more than now. True when it proved that no schedule
    holds more meetings while keeping everyone who meets (or reached the goal)."""
    people = {p for p in range(len(st.pids)) if st.incident[p]}
    if not people or len(people) > SMALL_EVENT:
        return False
    # Meetings only first: HiGHS finds (and proves) a count far sooner than a count and a weight.
    _solve_around(st, people, st.solver_seconds(deadline, None), at_least=goal, weighted=False)
    if st.count >= goal:
        if st.clock.steps is None and st.clock() < deadline:  # then the weight, if time allows
            _solve_around(st, people, st.solver_seconds(deadline, None), at_least=goal)
        return True
    if st.last_solve_status != 2 or st.clock() >= deadline:
        return False
    _solve_around(st, people, st.solver_seconds(deadline, None), at_least=st.count + 1, weighted=False)
    return st.last_solve_status == 2 or (st.last_solve_status == 0 and st.count >= goal)


def _lp_hint(st: _State, time_limit: float, method: str = "highs-ds") -> list[tuple[int, int]] | None:
    """The linear relaxation over (request, slot) pairs (HiGHS): each participant in at most one
    meeting a slot, each request at most once, each slot at most its tables; most meetings, then
    priority. Returns the pairs the relaxation uses, surest first, or None if it did not finish in
    time. Unlike the flow behind the bound it sees which slots partners share, so a greedy that
    follows it picks requests whose slots fit together (on events with much blocked time or dense
    requests the flow-guided greedy leaves the repair several meetings short)."""
    options = [
        (r, s)
        for r in range(len(st.req))
        if st.common[r] and st.slot_of[r] < 0
        for s in _bits(st.common[r] & ~st.busy[st.ra[r]] & ~st.busy[st.rb[r]])
        if st.load[s] < st.T
    ]
    if not options:
        return None
    # Rows: (participant, slot), then request, then slot, numbered in order of first use (the
    # numbering a dict of keys gives, built in numpy: on medium events a third of the time went
    # into building the matrix in Python).
    req, slot = (np.array(column) for column in zip(*options, strict=True))
    people, n_req = len(st.pids), len(st.req)
    keys = np.stack(
        (
            np.array(st.ra)[req] * st.S + slot,
            np.array(st.rb)[req] * st.S + slot,
            people * st.S + req,
            people * st.S + n_req + slot,
        ),
        axis=1,
    ).ravel()
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    number = np.empty(len(unique), dtype=np.int64)
    number[np.argsort(first, kind="stable")] = np.arange(len(unique))
    upper = np.ones(len(unique))
    slot_rows = unique >= people * st.S + n_req
    upper[number[slot_rows]] = st.T - np.array(st.load)[unique[slot_rows] - people * st.S - n_req]
    matrix = sp.csr_matrix(
        (np.ones(len(keys)), (number[inverse.ravel()], np.repeat(np.arange(len(options)), 4))),
        shape=(len(unique), len(options)),
    )
    cost = -(1 + 0.001 * np.array(st.prio)[req])
    settings = {"time_limit": time_limit}
    if method == "highs-ipm":
        settings["run_crossover"] = "off"
    result = linprog(cost, A_ub=matrix, b_ub=upper, bounds=(0, 1), method=method, options=settings)
    if result.status != 0 or result.x is None:
        return None
    used = np.flatnonzero(result.x > 1e-6)
    used = used[np.argsort(-result.x[used], kind="stable")]
    return [options[j] for j in used]


LP_OPTIONS_PER_SECOND = 6000  # (request, slot) pairs the relaxation is tried on, per second left
# The same for the interior-point method without crossover, which the default run of a larger
# event uses before its repair (on medium-blocked's 11,815 pairs: dual simplex 1.2-1.5 s, interior
# point with crossover 0.9-1.0 s, without 0.45-0.5 s alone, 0.6-1.0 s beside the repair, which
# holds Python's lock most of the time; 45,000 pairs took 4.9 s alone: it grows faster than the
# pairs, so the rate holds for events of about this size; medium events of 19,000-20,000 pairs,
# at the bound without it, stay out).
LP_EARLY_OPTIONS_PER_SECOND = 24_000
LP_EARLY_LINEAR = 12_000  # pairs: up to here the rate holds; beyond, the time grows as their square


def _lp_early_seconds(pairs: int) -> float:
    """What the early relaxation of `pairs` (request, slot) pairs is expected to take beside the
    repair: linear up to medium-blocked's size, then faster (45,000 pairs took 4.9 s alone, 4 times
    medium-blocked's pairs and 10 times its time; medium-dense's 39,600 took 5.4 s beside the
    repair on a slow machine). With the linear rate alone a long run (--time-limit 8) of a large
    event (95,000-123,000 pairs) or of medium-dense waited seconds for a relaxation that did not
    finish in time, or did not help, and ended with fewer meetings than the default run."""
    return pairs / LP_EARLY_OPTIONS_PER_SECOND * max(1.0, pairs / LP_EARLY_LINEAR)


LP_EARLY_SHARE = 0.8  # of the repair's time: the relaxation is solved early if it should take less
# Of the limit: the first construction's repair, beside the relaxation; then the main thread waits
# and the relaxation has the lock (at 0.6, through the command, it ended after its deadline; at
# 0.4 too, on a loaded machine). If it does not finish, this construction is what is kept.
LP_EARLY_REPAIR = 0.25
LP_EARLY_UNTIL = 0.75  # of the limit: the relaxation's deadline, and the construction's that follows it


def _early_relaxation(problem: Problem, base: _State, until: float, solved: dict) -> None:
    """In a thread beside the first repair: the relaxation (interior point) of `base` (a fresh
    state of `problem`, the thread's own) into solved["hint"]."""
    try:
        _place_locked(base, problem)
        solved["hint"] = _lp_hint(base, max(until - time.monotonic(), 0.01), "highs-ipm")
    except Exception:  # noqa: BLE001 -- a side construction: the first one's repair goes on without it
        solved["hint"] = None


def _cover_everyone(st: _State, deadline: float) -> None:
    """A small event that holds its meetings but leaves someone out who has a schedulable request
    (the repair stops at the bound): one integer programme over the whole event for as many
    meetings with everyone who can meet in one (kept only if it finds one)."""
    people = {p for p in range(len(st.pids)) if st.incident[p]}
    if not people or len(people) > SMALL_EVENT or all(st.busy[p] for p in people):
        return
    _solve_around(st, people, st.solver_seconds(deadline, None), at_least=st.count, weighted=False, cover=people)


def _cover_by_trade(st: _State) -> None:
    """Someone who could meet is left without a meeting (the repair only counts meetings): give
    them one of their requests in a slot where the partner meets someone who has other meetings,
    or, where the partner is free but the slot's tables are all taken, instead of a meeting there
    whose two participants both have others. The number of meetings stays (or grows, where a table
    is free after all); of the trades, the one that loses the least priority weight (and then adds
    the fewest idle gaps) is made: a person without any meeting counts for more than a priority."""
    for x in range(len(st.pids)):
        if st.busy[x] or not st.incident[x]:
            continue
        best, best_key = None, None
        for r in st.incident[x]:
            y = _other(st, r, x)
            for s in _bits(st.common[r]):
                bit = 1 << s
                m = st.at[y][s]
                if m < 0:
                    if st.load[s] < st.T:
                        candidates = [-1]  # a free table: the request simply goes there
                    else:
                        candidates = [
                            n
                            for n in st.in_slot[s]
                            if n not in st.locked and st.busy[st.ra[n]] != bit and st.busy[st.rb[n]] != bit
                        ]
                else:
                    z = _other(st, m, y)
                    candidates = [m] if m not in st.locked and st.busy[z] != bit else []
                for n in candidates:
                    lost = st.prio[n] - st.prio[r] if n >= 0 else -st.prio[r]
                    key = (lost, st.gaps_of(st.busy[y] | bit) - st.gaps_of(st.busy[y]), r, s)
                    if best_key is None or key < best_key:
                        best, best_key = (r, s, n), key
        if best is not None:
            r, s, n = best
            if n >= 0:
                st.remove(n)
            st.place(r, s)


def upper_bound(st: _State) -> int:
    """A cheap ceiling to stop early: slots × tables, and half the sum over participants of the
    slots they can use (each meeting uses two participants). The shared bound.py is tighter."""
    usable = [0] * len(st.pids)
    for r in range(len(st.req)):
        if st.common[r]:
            usable[st.ra[r]] |= st.common[r]
            usable[st.rb[r]] |= st.common[r]
    schedulable = sum(1 for r in range(len(st.req)) if st.common[r])
    return min(st.S * st.T, sum(_popcount(u) for u in usable) // 2, schedulable)


def _tables(st: _State, locked_tables: dict[str, tuple[int, int]]) -> list[Meeting]:
    taken: dict[int, set[int]] = {}
    for _rid, (s, table) in locked_tables.items():
        taken.setdefault(s, set()).add(table)
    next_free = dict.fromkeys(range(st.S), 1)
    meetings = []
    for r in sorted(range(len(st.req)), key=lambda r: (st.slot_of[r], r)):
        s = st.slot_of[r]
        if s < 0:
            continue
        rid = st.req[r].id
        if rid in locked_tables:
            table = locked_tables[rid][1]
        else:
            table = next_free[s]
            while table in taken.get(s, set()):
                table += 1
            taken.setdefault(s, set()).add(table)
            next_free[s] = table + 1
        meetings.append(Meeting(rid, st.problem.slots[s], table))
    return meetings


def schedule(
    problem: Problem,
    *,
    time_limit: float | None = None,
    seed: int = 1,
    steps: int | None = None,
    exact: bool | None = None,
    started: float | None = None,
) -> Schedule:
    """Schedule `problem` within `time_limit` seconds (default: default_time_limit), counted from
    `started` (a time.monotonic() reading; default: now) so that a caller who read and checked the
    input first can count that too; a little of the limit is kept for numbering tables and
    writing the result. With `steps`, the budget is work instead of time, `steps` repair attempts
    and as many gap-search moves: the same seed and steps give the same schedule whatever the
    machine's load (tests use it). `exact`
    ends the repair with the exact neighbourhood search (default: runs of 10 s or more)."""
    wall = time.monotonic()
    clock = _Clock(steps)
    if steps is None:
        limit = default_time_limit(problem) if time_limit is None else float(time_limit)
        begin = wall if started is None else started
        # Kept back for what comes after the deadline: tables, stats, the caller's output. Writing
        # takes about as long as reading and checking the input did (slower on a loaded machine);
        # and a fresh process then frees what the search built (about 0.5 s at 9,000 requests, a
        # cost a no-op start-up does not have), so the per-request part covers that too.
        reserve = 0.02 + len(problem.requests) / 15_000 + 1.5 * max(wall - begin, 0.0)
        limit -= min(0.2 * limit, reserve)
    else:
        limit, begin = 2.0 * steps, 0.0
    if exact is None:
        exact = steps is None and limit >= 10
    deadline = begin + limit
    ids = [r.id for r in problem.requests]
    if len(set(ids)) != len(ids):
        raise InvalidProblem("request ids must be unique")
    unknown = {p for r in problem.requests for p in (r.a, r.b)} - set(problem.participants)
    if unknown:
        raise InvalidProblem(f"requests name unknown participants: {sorted(unknown)[:5]}")
    # The repair gets 70 % of the time, the gap search the rest; counted in steps, the repair gets
    # `steps` attempts and the gap search as many moves.
    repair_deadline = begin + limit * (0.7 if steps is None else 0.5)
    # Long runs ("improve") leave the end of the repair time to the exact neighbourhood search.
    restarts_until = begin + limit * 0.35 if exact else repair_deadline
    # A small event's first repair is cut short: a construction guided by the linear relaxation
    # and the exact programme after it reach the bound where the repair's chains stall.
    small = len({p for r in problem.requests for p in (r.a, r.b)}) <= SMALL_EVENT
    # A long run's first repair too: the relaxation may take seconds on a medium event.
    # A default run of a larger event whose relaxation fits most of the repair's time solves it
    # first (interior point) and gives the repair to the construction that follows it: on events
    # with much blocked time the flow-guided greedy and its repair stall a few meetings short of
    # what that construction reaches; if the relaxation does not finish, the first construction's
    # repair goes on instead.
    base = _State(problem, seed, _Clock()) if not small and not exact and steps is None else None
    early = base is not None and _lp_early_seconds(sum(_popcount(c) for c in base.common)) <= (
        LP_EARLY_SHARE * (restarts_until - time.monotonic())
    )
    cut = 0.35 if small else 0.15 if exact and steps is None else LP_EARLY_REPAIR if early else 1.0
    # HiGHS lets go of the GIL for much of its work, so the relaxation runs beside the first repair
    # (beside a busy Python thread it runs about half as fast: the main thread waits after it).
    if early:
        lp_until = begin + limit * LP_EARLY_UNTIL
        solved: dict = {}
        # Not a daemon: HiGHS may overrun its time limit a little, and a process that ended while
        # it ran would abort ("terminate called without an active exception") after its output.
        lp_thread = threading.Thread(target=_early_relaxation, args=(problem, base, lp_until, solved))
        lp_thread.start()
    first_until = min(restarts_until, begin + limit * cut)
    # Not for small events (their exact programme ends the repair) nor long runs (all their time
    # goes to more meetings).
    progress = None if small or exact else _Progress(clock, STALL_SHARE * limit)
    st, locked_tables, flow = _build(problem, seed, clock, first_until, flow=None, progress=progress)
    ceiling = min(upper_bound(st), st.flow_bound if st.flow_bound is not None else st.S * st.T)
    goal = ceiling
    # A small event: an exact programme, in part of the time (HiGHS is quick on most, slow on some).
    if small and st.count < goal:
        hint_until = min(restarts_until, begin + limit * 0.6)
        st, locked_tables = _relaxation_build(problem, seed, clock, st, locked_tables, flow, hint_until, 0.25 * limit)
    # (a small event's gap search is quick: its programme may take until 75 % of the time)
    exact_until = begin + limit * 0.75 if small and steps is None else min(repair_deadline, clock() + limit * 0.3)
    if st.count < goal and _solve_all(st, exact_until, goal):
        goal = st.count  # proved: no schedule that keeps everyone's meeting holds more
    attempt = 0
    if st.count < goal and not small:
        if early:
            lp_thread.join(max(lp_until - time.monotonic(), 0.0))
            hint = solved.get("hint")
            if hint:
                other, other_tables, _flow = _build(
                    problem, seed, clock, lp_until, flow=flow, hint=hint, progress=progress
                )
                if (other.count, other.weight) > (st.count, st.weight):
                    st, locked_tables = other, other_tables
            if st.count < goal:
                _repair(st, lp_until, goal)  # the kept construction's repair, while time is left
        else:
            st, locked_tables = _relaxation_build(
                problem, seed, clock, st, locked_tables, flow, restarts_until, progress=progress
            )
    # A restart's greedy cannot stop half-way: none is begun that could not end in time.
    margin = 0.0 if steps is not None else 2 * st.greedy_seconds
    while st.count < goal and clock() + margin < restarts_until and not (progress and progress.stalled()):
        # Restarts with other tie-breaks: a stalled repair rarely gets out of its configuration.
        attempt += 1
        other, other_tables, _flow = _build(
            problem, seed + attempt, clock, restarts_until, flow=flow, progress=progress
        )
        if (other.count, other.weight) > (st.count, st.weight):
            st, locked_tables = other, other_tables
    if small:
        _cover_everyone(st, clock() + limit * 0.1 if steps is None else clock())
    _cover_by_trade(st)
    if exact and st.count < goal and clock() < repair_deadline:
        _search_around(st, repair_deadline, goal)
    _reduce_gaps(st, deadline)
    meetings = _tables(st, locked_tables)
    scheduled = {m.request for m in meetings}
    # What the participants' free slots would allow whatever the tables (the flow bound), and the
    # fewest tables per slot that could seat that many: what to tell an organiser short of tables.
    possible = st.flow_bound if st.flow_bound is not None else st.count
    stats = {
        "meetings": len(meetings),
        "weighted": sum(st.prio[r] for r in range(len(st.req)) if st.slot_of[r] >= 0),
        "idle_gaps": st.total_gaps(),
        "tables_needed": max(st.load) if st.load else 0,
        "upper_bound": ceiling,
        "meetings_without_table_limit": possible,
        "tables_for_all": max(-(-possible // st.S), max(st.load) if st.load else 0),
        "restarts": attempt,
        "steps": clock.used,
        "seconds": round(time.monotonic() - wall, 3),
    }
    return Schedule(
        meetings=meetings, unscheduled=[r.id for r in problem.requests if r.id not in scheduled], stats=stats
    )


def _relaxation(problem: Problem, seed: int, clock: _Clock, deadline: float, st: _State):
    """The linear relaxation's pairs (_lp_hint) for a construction to follow, or None when its
    size (the (request, slot) pairs of `st`) does not fit the time left before `deadline` (or,
    counted in steps, a second or so)."""
    pairs = sum(_popcount(c) for c in st.common)
    if clock.steps is None:
        seconds = deadline - time.monotonic()
        if pairs > LP_OPTIONS_PER_SECOND * seconds:
            return None
    else:
        if pairs > LP_OPTIONS_PER_SECOND:
            return None
        seconds = 10.0
        clock(SOLVE_STEPS)
    base = _State(problem, seed, clock)
    _place_locked(base, problem)
    hint = _lp_hint(base, seconds)
    return hint


def _relaxation_build(problem, seed, clock, st, locked_tables, flow, deadline, lp_seconds=None, progress=None):
    """Short of the goal after the first construction: one more, guided by the linear relaxation,
    when its size fits the time left (at most `lp_seconds` for the relaxation); the better of the
    two is kept."""
    lp_deadline = deadline - 2 * st.greedy_seconds
    if lp_seconds is not None and clock.steps is None:
        lp_deadline = min(lp_deadline, time.monotonic() + lp_seconds)
    hint = _relaxation(problem, seed, clock, lp_deadline, st)
    if hint is None:
        return st, locked_tables
    other, other_tables, _flow = _build(problem, seed, clock, deadline, flow=flow, hint=hint, progress=progress)
    if (other.count, other.weight) > (st.count, st.weight):
        return other, other_tables
    return st, locked_tables


def _build(problem: Problem, seed: int, clock: _Clock, deadline: float, flow, hint=None, progress=None):
    """One construction: locked meetings, flow-guided greedy (after the pairs of `hint`, a linear
    relaxation's, where they still fit), repair until it stalls (or `progress` says the run has)."""
    st = _State(problem, seed, clock)
    st.progress = progress
    locked_tables = _place_locked(st, problem)
    if flow is None:
        st.flow = _flow_weights(st)
    else:
        st.flow, st.flow_bound = flow
    if seed != 1:
        st.tiebreak = [st.rng.random() for _ in st.req]
    started = time.monotonic()
    if hint:
        # The relaxation's pairs, but first one meeting for everyone it leaves without one, so
        # that nobody who could meet is left out.
        covered = {p for r, _s in hint for p in (st.ra[r], st.rb[r])}
        _greedy(st, [r for r in _first_meetings(st) if st.ra[r] not in covered or st.rb[r] not in covered])
        for r, s in hint:
            if st.slot_of[r] < 0 and (st.open_slots(r) >> s) & 1:
                st.place(r, s)
    _greedy(st, _first_meetings(st))
    _greedy(st, _order(st))
    st.greedy_seconds = time.monotonic() - started
    ceiling = min(upper_bound(st), st.flow_bound if st.flow_bound is not None else st.S * st.T)
    _repair(st, deadline, ceiling)
    return st, locked_tables, (st.flow, st.flow_bound)


def problem_from_json(data: dict) -> Problem:
    """The shared file format (../shared/data/matchmaking/README.md), checked: raises
    InvalidProblem naming the first thing that is wrong."""
    from datetime import datetime

    def need(condition, message):
        if not condition:
            raise InvalidProblem(message)

    need(isinstance(data, dict), "the input must be a JSON object")
    for key in ("slots", "tables", "participants", "requests"):
        need(key in data, f"missing key '{key}'")
    need(isinstance(data["slots"], list) and data["slots"], "'slots' must be a non-empty list")
    need(isinstance(data["tables"], int) and data["tables"] >= 1, "'tables' must be a whole number of at least 1")
    slots, times = [], []
    for i, slot in enumerate(data["slots"]):
        need(isinstance(slot, dict) and isinstance(slot.get("id"), str), f"slot {i + 1} needs a string 'id'")
        slots.append(slot["id"])
        if "start" in slot or "end" in slot:
            try:
                start, end = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
            except (KeyError, TypeError, ValueError):
                raise InvalidProblem(f"slot {slot['id']}: 'start' and 'end' must be ISO date-times") from None
            need(end > start, f"slot {slot['id']} ends before it starts")
            times.append((start, end, slot["id"]))
    need(len(set(slots)) == len(slots), "slot ids must be unique")
    times.sort()
    for (_s1, e1, id1), (s2, _e2, id2) in zip(times, times[1:]):
        need(s2 >= e1, f"slots {id1} and {id2} overlap")
    participants: dict[str, set[str]] = {}
    for i, person in enumerate(data["participants"]):
        need(isinstance(person, dict) and isinstance(person.get("id"), str), f"participant {i + 1} needs a string 'id'")
        need(person["id"] not in participants, f"participant {person['id']} appears twice")
        blocked = person.get("unavailable_slots", [])
        need(
            isinstance(blocked, list) and set(blocked) <= set(slots),
            f"participant {person['id']}: unavailable_slots must list known slot ids",
        )
        participants[person["id"]] = set(blocked)
    requests, pairs = [], set()
    for i, r in enumerate(data["requests"]):
        need(
            isinstance(r, dict) and all(isinstance(r.get(k), str) for k in ("id", "a", "b")),
            f"request {i + 1} needs string 'id', 'a' and 'b'",
        )
        need(r["a"] in participants and r["b"] in participants, f"request {r['id']} names a non-participant")
        need(r["a"] != r["b"], f"request {r['id']} is a request to oneself")
        pair = frozenset((r["a"], r["b"]))
        need(pair not in pairs, f"request {r['id']} duplicates another request between {r['a']} and {r['b']}")
        pairs.add(pair)
        priority = r.get("priority", 1)
        need(priority in (1, 2, 3), f"request {r['id']}: priority must be 1, 2 or 3")
        requests.append(Request(r["id"], r["a"], r["b"], priority))
    locked = []
    for lock in data.get("locked", []):
        need(
            isinstance(lock, dict) and isinstance(lock.get("table"), int), "a locked meeting needs request, slot, table"
        )
        locked.append(Locked(lock.get("request"), lock.get("slot"), lock["table"]))
    return Problem(slots=slots, tables=data["tables"], participants=participants, requests=requests, locked=locked)


def schedule_to_json(result: Schedule) -> dict:
    return {
        "meetings": [{"request": m.request, "slot": m.slot, "table": m.table} for m in result.meetings],
        "unscheduled": list(result.unscheduled),
        "stats": result.stats,
    }
