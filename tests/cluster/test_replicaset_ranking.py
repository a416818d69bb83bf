"""The scale-down ranking's short cut picks exactly the Pods ``heapq.nsmallest`` picks over
ActivePodsWithRanks.Less, including where Less is not transitive (Pods ready in the same second
compare by restarts and age, others by uid), so a faster controller deletes the same Pods."""

from __future__ import annotations

import heapq

from fuzzing import examples, fuzz
from hypothesis import given, settings
from hypothesis import strategies as st

from kubelearn.cluster.controllers import replicaset

# Few distinct values, so that ties, equal seconds and the non-transitive cases are common.
statics = st.tuples(
    st.sampled_from([True, True, True, False]), st.sampled_from([2, 2, 2, 0, -1]),
    st.sampled_from([True, True, True, False]), st.sampled_from([0, 0, 0, 5, -3]),
    st.one_of(st.sampled_from([0, 1000, 2000, 30_000, 31_000, 64_000]), st.none()),
    st.sampled_from([0, 0, 1, 4]),
    st.one_of(st.sampled_from([0, 1000, 2000, 40_000]), st.none()),
    st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.sampled_from(["n1", "n2"]),
).map(lambda s: (*s[:8], s[8] if s[0] else ""))  # scheduled means a node name


def _unique(rows: list[tuple]) -> list[tuple]:
    """uids are unique; their letters still order them at random against the positions."""
    return [(*r[:7], f"{r[7]}{i}", r[8]) for i, r in enumerate(rows)]


def _by_heapq(rows: list[tuple], ranks: list[int], now_ms: int, count: int) -> list[int]:
    def facts(i: int) -> tuple:
        scheduled, phase, ready, cost, since, restarts, made, uid, node = rows[i]
        return (scheduled, phase, ready, cost, ranks[i], since,
                None if since is None else replicaset._log_rank(since, now_ms), restarts, made,
                None if made is None else replicaset._log_rank(made, now_ms), uid, node)

    items = [(facts(i), i) for i in range(len(rows))]
    return [i for _, i in heapq.nsmallest(count, items, key=replicaset._KEY)]


@fuzz
@settings(max_examples=examples(400), deadline=None)
@given(rows=st.lists(statics, min_size=1, max_size=60), data=st.data(),
       now_ms=st.sampled_from([500, 65_000, 130_000]))
def test_the_short_cut_picks_what_nsmallest_picks(rows, data, now_ms) -> None:
    rows = _unique(rows)
    on_node = data.draw(st.fixed_dictionaries({"n1": st.integers(0, 3), "n2": st.integers(0, 3)}))
    ranks = [on_node.get(row[8], 0) for row in rows]  # the rank is the node's
    count = data.draw(st.integers(1, len(rows)))
    assert replicaset.rank_positions(rows, ranks, now_ms, count) == _by_heapq(rows, ranks, now_ms,
                                                                             count)


def test_a_cycle_of_less_is_followed_as_nsmallest_follows_it() -> None:
    # a and b ready in the same second and made in the same second (so position decides),
    # c ready in another second of the same bucket (so uid decides against both): a cycle.
    ready = [(True, 2, True, 0, 1000, 0, 0, uid, "n1") for uid in ("u3", "u1")]
    rows = _unique([*ready, (True, 2, True, 0, 2000, 0, 0, "u2", "n1")] * 3)
    ranks = [1] * len(rows)
    for count in range(1, len(rows)):
        assert replicaset.rank_positions(rows, ranks, 70_000, count) == _by_heapq(
            rows, ranks, 70_000, count)
