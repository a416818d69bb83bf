"""``object: Kind/name``: the answer has such an object (``count:`` exactly that many)."""

from __future__ import annotations

from dataclasses import dataclass

from kubelearn.checker.goals.base import Failure, Form, ObjectRef, Say, is_int, missing, parse_ref
from kubelearn.kube.document import Document


@dataclass(frozen=True)
class ObjectGoal:
    message: str
    ref: ObjectRef
    count: int | None = None


def parse(raw: dict, message: str) -> ObjectGoal:
    count = raw.get("count")
    if count is not None and (not is_int(count) or count < 0):
        raise ValueError("count must be a whole number, 0 or more")
    return ObjectGoal(message, parse_ref(raw["object"], "object"), count)


def judge(goal: ObjectGoal, objects: list[Document], say: Say) -> Failure | None:
    found = [d for d in objects if goal.ref.matches(d)]
    if not found and goal.count != 0:
        return missing(goal.ref, objects, say)
    if goal.count is not None and len(found) != goal.count:
        extra = found[goal.count] if len(found) > goal.count else found[0]
        return Failure(say("count", found=len(found), kind=str(goal.ref), want=goal.count),
                       extra, ())
    return None


FORM = Form("object", frozenset({"object", "count", "message"}), ObjectGoal, parse, judge)
