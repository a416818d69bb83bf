"""``env_from: {pod: Deployment/web, configmap: settings, key: level, var: LOG_LEVEL}``: a
container of the Pods takes variables from the ConfigMap, through ``envFrom`` (every key, with
its prefix) or ``env[].valueFrom.configMapKeyRef`` (one key). Which sources use a ConfigMap is
:mod:`kubelearn.kube.relations`."""

from __future__ import annotations

from dataclasses import dataclass

from kubelearn.checker.goals.base import (
    ConfigMapRef,
    Failure,
    Form,
    ObjectRef,
    Say,
    configmap_names,
    describe,
    missing,
    parse_configmap,
    parse_ref,
    relation_body,
)
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS, containers, data_keys, pod_spec_path
from kubelearn.kube.relations import env_from_provides, env_from_refs, env_key_refs


@dataclass(frozen=True)
class EnvFromGoal:
    message: str
    pod: ObjectRef
    configmap: ConfigMapRef
    key: str | None = None
    var: str | None = None


def parse(raw: dict, message: str) -> EnvFromGoal:
    body = relation_body(raw, "env_from", {"pod", "configmap"}, {"key", "var"})
    return EnvFromGoal(message, parse_ref(body["pod"], "env_from.pod", POD_KINDS),
                       parse_configmap(body["configmap"]), body.get("key"), body.get("var"))


def judge(goal: EnvFromGoal, objects: list[Document], say: Say) -> Failure | None:
    pods = [d for d in objects if goal.pod.matches(d)]
    if not pods:
        return missing(goal.pod, objects, say)
    cms, failure = configmap_names(goal.configmap, objects, say)
    if failure:
        return failure
    by_name = dict(cms)
    cm_text = ", ".join(sorted(by_name))
    partial: Failure | None = None

    def other(pod: Document, name: object, path: tuple) -> Failure:
        return Failure(say("env_other", pod=describe(pod, say), cm=name, key=goal.key or "-",
                           var=goal.var or goal.key or "-"), pod, path)

    for pod in pods:
        for path, container in containers(pod):
            for source in env_from_refs(path, container, "ConfigMap"):
                if source.name not in by_name:
                    continue
                if goal.key is None and goal.var is None:
                    return None
                cm = by_name[source.name]
                keys = None if cm is None else data_keys(cm)
                if env_from_provides(goal.key, goal.var, source.prefix, keys):
                    return None
                partial = partial or other(pod, source.name, (*path, "envFrom", source.index))
            for env in env_key_refs(path, container, "ConfigMap"):
                if env.name not in by_name:
                    continue
                if (goal.key is None or env.key == goal.key) and (
                    goal.var is None or env.var == goal.var
                ):
                    return None
                partial = partial or other(pod, env.name, (*env.path, "key"))
    if partial:
        return partial
    pod = pods[0]
    first = next(containers(pod), None)
    return Failure(say("no_env", pod=describe(pod, say), cm=cm_text), pod,
                   first[0] if first else (pod_spec_path(pod) or ("spec",)))


FORM = Form("env_from", frozenset({"env_from", "message"}), EnvFromGoal, parse, judge)
