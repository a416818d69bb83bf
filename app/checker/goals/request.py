"""``request: {url: http://shop.example.com/api, status: 200, contains: TEXT, reaches: {app: api}}``:
once the answer runs, a request to the URL gets that answer.

From outside the cluster (curl on the learner's machine: a node port on a node's IP, a
LoadBalancer IP, or an Ingress host, which resolves to the ingress controller), or, with
``from: {app: client}``, from inside the first running Pod with those labels (cluster DNS,
Service names, cluster IPs). The way the request goes is :mod:`kubelearn.cluster.traffic`;
a failure says where it stopped, in the learner's terms, from its trace.

- ``status``: the HTTP status wanted. Without it: 200, or, with ``reaches``, any answer of
  the Pod (an app may answer 404 for a path it has no page for; it was still reached).
- ``reaches``: labels the Pod that answers must carry (or an object whose Pod it is:
  ``reaches: Deployment``).
- ``contains``: text the body must hold.
- ``namespace``: where the Pods of ``from`` and ``reaches`` are (default ``default``).
- ``host``: a Host header (curl ``-H 'Host: ...'``); ``insecure: true`` is curl's ``-k``
  (the offline ingress controller's certificate is self-signed); ``follow: true`` is curl's
  ``-L``: a redirect (ingress-nginx's 308 to HTTPS for a host under ``tls``) is followed, as
  a browser would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.checker.goals.base import Failure, Form, Say, is_int
from kubelearn.checker.goals.exec_goal import output_words
from kubelearn.checker.goals.outcome import (
    PodsRef,
    carries,
    check_keys,
    parse_pods,
    parse_text,
    pod_states,
    pods_of,
)
from kubelearn.checker.messages import Words

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

KEYS = ("url", "host", "status", "contains", "reaches", "from", "namespace", "insecure",
        "follow")
#: Redirects ``follow`` goes through (curl's ``--max-redirs`` is 50; a loop stops here).
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
_URL = re.compile(r"^https?://[^\s/]+\S*$")


@dataclass(frozen=True)
class RequestGoal:
    message: str
    url: str
    status: int | None = None
    contains: str | None = None
    reaches: PodsRef | None = None
    source: PodsRef | None = None
    host: str | None = None
    insecure: bool = False
    follow: bool = False


def parse(raw: dict, message: str) -> RequestGoal:
    body = check_keys(raw["request"], "request", KEYS,
                      "{url: 'http://shop.example.com/', reaches: {app: web}}")
    url = body.get("url")
    if not isinstance(url, str) or not _URL.match(url.strip()):
        raise ValueError("'request' needs a url starting with http:// or https://")
    status = body.get("status")
    if status is not None and not (is_int(status) and 100 <= status <= 599):
        raise ValueError("request.status must be an HTTP status code such as 200")
    insecure, follow = body.get("insecure", False), body.get("follow", False)
    if not isinstance(insecure, bool) or not isinstance(follow, bool):
        raise ValueError("request.insecure and request.follow are true or false")
    return RequestGoal(
        message, url.strip(), status,
        parse_text(body, "contains", "request"),
        parse_pods(body, "reaches", "request") if "reaches" in body else None,
        parse_pods(body, "from", "request") if "from" in body else None,
        parse_text(body, "host", "request"),
        insecure,
        follow,
    )


def judge(goal: RequestGoal, cluster: Cluster, say: Say) -> Failure | None:
    from kubelearn.cluster import traffic

    headers = {"Host": goal.host} if goal.host else {}
    url: Words = Words(say("url", url=goal.url))
    if goal.source is not None:
        running = [p for p in pods_of(cluster, goal.source)
                   if (p.get("status") or {}).get("phase") == "Running"]
        if not running:
            found = pods_of(cluster, goal.source)
            text = say("no_source", pods=goal.source.shown(say))
            if found:
                text = say.join(text, say("pods_there", pods=pod_states(found, say)))
            return Failure(text)
        source = running[0]
        url = say("url_from", url=goal.url, pod=source["metadata"]["name"])
        trace = traffic.request_from_pod(cluster, source, goal.url, headers)
    else:
        trace = traffic.request(cluster, goal.url, headers, insecure=goal.insecure)
        for _ in range(MAX_REDIRECTS if goal.follow else 0):
            if trace.status not in REDIRECTS or not trace.headers.get("Location"):
                break
            location = trace.headers["Location"]
            url = say("url_redirected", url=goal.url, location=location)
            trace = traffic.request(cluster, location, {}, insecure=goal.insecure)
    why = Words(trace.why)
    if trace.status is None:
        return Failure(say.join(say("no_answer", url=url), why))
    wanted = goal.status if goal.status is not None else (None if goal.reaches else 200)
    if wanted is not None and trace.status != wanted:
        return Failure(say.join(say("got_status", url=url, status=trace.status, want=wanted),
                                why))
    if goal.reaches is not None:
        pod = trace.pod
        if pod is None:
            return Failure(say.join(say("not_reached", url=url, pods=goal.reaches.shown(say)),
                                    why))
        if not carries(pod, goal.reaches, cluster):
            return Failure(say("other_pod", url=url, pod=pod["metadata"]["name"],
                               pods=goal.reaches.shown(say)))
    if goal.contains is not None and goal.contains not in trace.body:
        return Failure(say.join(say("body_lacks", url=url, text=goal.contains,
                                    body=output_words(trace.body)), why))
    return None


FORM = Form("request", frozenset({"request", "message"}), RequestGoal, parse, judge,
            outcome=True)
