"""The simulator's own verbs beside kubectl's: ``sleep DURATION`` lets virtual time pass (the
controllers, kubelets and timers act as they would over that time) and ``curl URL`` sends a
request from the learner's machine into the cluster (:func:`kubelearn.cluster.traffic.request`),
printing what curl prints and, as a note, where the request went and why it stopped.
"""

from __future__ import annotations

from http import HTTPStatus

from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.kubectl.timefmt import parse_duration

#: The longest one ``sleep`` may let pass (an hour: longer than any rollout deadline, back-off
#: or ConfigMap sync a lesson waits for); more is refused rather than run. An hour of 100 Pods
#: probed every second is about 10 s of work, a day would be minutes of a frozen playground.
MAX_SLEEP_S = 3_600
CURL_FLAGS = (Flag("header", "H", "list"), Flag("silent", "s", "bool", False),
              Flag("include", "i", "bool", False), Flag("verbose", "v", "bool", False),
              Flag("insecure", "k", "bool", False), Flag("request", "X"),
              Flag("show-error", "S", "bool", False), Flag("fail", "f", "bool", False),
              Flag("location", "L", "bool", False), Flag("max-time", "m"))


def sleep(ctx: Context, args: Args) -> None:
    if len(args.words) != 1:
        raise Failure("sleep: usage: sleep DURATION (30s, 2m, 1m30s; a bare number is seconds)")
    word = args.words[0]
    seconds = float(word) if _number(word) else parse_duration(word)
    if seconds is None or seconds < 0:
        raise Failure(f"sleep: invalid time interval '{word}'")
    if seconds > MAX_SLEEP_S:
        raise Failure(f"sleep: at most {MAX_SLEEP_S}s at a time in the offline cluster")
    ctx.cluster.advance(seconds)


def _number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return word.replace(".", "", 1).isdigit()


def curl(ctx: Context, args: Args) -> None:
    from kubelearn.cluster import traffic

    if len(args.words) != 1:
        raise Failure("curl: try 'curl --help' for more information" if not args.words
                      else "curl: the offline cluster sends one URL at a time")
    headers: dict[str, str] = {}
    for header in args.list("header"):
        name, sep, value = header.partition(":")
        if not sep:
            continue
        headers[name.strip()] = value.strip()
    method = args.str("request") or "GET"
    url = args.words[0]
    ctx.cluster.settle()
    trace = traffic.request(ctx.cluster, url, headers, method, insecure=args.bool("insecure"))
    if args.bool("verbose") and trace.status is not None:
        host = headers.get("Host") or url.split("//", 1)[-1].split("/", 1)[0]
        path = "/" + url.split("//", 1)[-1].split("/", 1)[1] if "/" in url.split("//", 1)[-1] else "/"
        ctx.err(f"> {method} {path} HTTP/1.1\n> Host: {host}\n> User-Agent: curl/8.5.0\n"
                "> Accept: */*\n>\n")
    if trace.status is None:
        if not args.bool("silent") or args.bool("show-error"):
            ctx.err(trace.curl_output)
        ctx.failed = True
    else:
        if args.bool("include") or args.bool("verbose"):
            head = f"HTTP/1.1 {trace.status} {_phrase(trace.status)}\n" + "".join(
                f"{k}: {v}\n" for k, v in trace.headers.items()) + "\n"
            if args.bool("include"):
                ctx.out(head)
            else:
                ctx.err("".join(f"< {line}\n" for line in head.rstrip("\n").split("\n")) + "<\n")
        if args.bool("fail") and trace.status >= 400:
            if not args.bool("silent") or args.bool("show-error"):
                ctx.err(f"curl: (22) The requested URL returned error: {trace.status}\n")
            ctx.failed = True
        else:
            ctx.out(trace.curl_output)
    if trace.why:
        ctx.note(trace.why)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
