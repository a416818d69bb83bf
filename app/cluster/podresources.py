"""What a Pod asks of its node: requests and limits added up as the scheduler, the kubelet and
``kubectl describe node`` add them, and quantities printed as the API prints them.

- :func:`pod_requests` / :func:`pod_limits` port ``PodRequests`` / ``PodLimits``
  (k8s.io/component-helpers/resource/helpers.go, formerly pkg/api/v1/resource): the regular
  containers summed, then the maximum with each init container (a sidecar, an init container
  with ``restartPolicy: Always``, adds to the sum and to every later init container), plus
  ``spec.overhead`` (added to limits only where a limit is set). Pod-level
  ``spec.resources`` is left out: the PodLevelResources gate is off in v1.33.
- :class:`Amount` is a ``resource.Quantity`` (k8s.io/apimachinery/pkg/api/resource/quantity.go)
  reduced to what these sums need: an exact value, the format of the text it came from
  (``500m`` DecimalSI, ``64Mi`` BinarySI, ``1e3`` DecimalExponent), ``Add`` keeping the
  format of the first non-zero addend, ``MilliValue``/``Value`` rounding up, and
  ``String`` in the canonical form (``CanonicalizeBytes``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from kubelearn.kube.objects import as_dict, as_list
from kubelearn.kube.quantity import BINARY_SUFFIXES, parse_quantity

DECIMAL_SI = "DecimalSI"
BINARY_SI = "BinarySI"
DECIMAL_EXPONENT = "DecimalExponent"

#: The decimal SI suffix of each power of ten that is a multiple of three.
_SI_SUFFIX = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIX = {power: suffix for suffix, power in BINARY_SUFFIXES.items()}


@dataclass(frozen=True)
class Amount:
    """An exact quantity and the format ``String`` prints it in."""

    value: Fraction
    format: str = DECIMAL_SI

    def add(self, other: Amount) -> Amount:
        """``Quantity.Add``: a zero quantity takes the format of what is added to it."""
        fmt = other.format if self.value == 0 else self.format
        return Amount(self.value + other.value, fmt)

    def milli_value(self) -> int:
        """``MilliValue``: thousandths, rounded up."""
        return math.ceil(self.value * 1000)

    def int_value(self) -> int:
        """``Value``: rounded up to a whole number."""
        return math.ceil(self.value)

    def __str__(self) -> str:
        return canonical(self)


ZERO = Amount(Fraction(0))
#: A decimal exponent suffix (``1e3``, ``5E-2``), not the exa suffix ``E``.
_EXPONENT = re.compile(r"[0-9.][eE][+-]?[0-9]+$")


def parse(value: object) -> Amount | None:
    """``resource.ParseQuantity``: the amount and its format, or None when it is no quantity."""
    q = parse_quantity(value)
    if q is None:
        return None
    exact = Fraction(int(q.digits or "0") * q.sign) * Fraction(10) ** q.exponent
    text = str(value).strip()
    if text.endswith(tuple(BINARY_SUFFIXES)):
        fmt = BINARY_SI
    elif _EXPONENT.search(text):
        fmt = DECIMAL_EXPONENT
    else:
        fmt = DECIMAL_SI
    return Amount(exact, fmt)


def canonical(amount: Amount) -> str:
    """``Quantity.String`` (``CanonicalizeBytes``): BinarySI in the largest power of 1024 that
    divides it exactly (DecimalSI under 1024 or when it is no whole number); decimal forms
    with the exponent lowered to a multiple of three so the mantissa is a whole number."""
    value = amount.value
    if value == 0:
        return "0"
    fmt = amount.format
    if fmt == BINARY_SI and (abs(value) < 1024 or value.denominator != 1):
        fmt = DECIMAL_SI
    if fmt == BINARY_SI:
        number, power = int(value), 0
        while number % 1024 == 0 and power < 6:
            number //= 1024
            power += 1
        return f"{number}{_BINARY_SUFFIX.get(power, '')}"
    # Whole digits and a power of ten: strip the zeros, then lower the exponent to a
    # multiple of three (``AsCanonicalBytes``).
    exponent = 0
    while value.denominator != 1:
        value *= 10
        exponent -= 1
    number = int(value)
    while number % 10 == 0:
        number //= 10
        exponent += 1
    shift = exponent % 3
    number *= 10**shift
    exponent -= shift
    if fmt == DECIMAL_EXPONENT:
        return f"{number}e{exponent}" if exponent else str(number)
    suffix = _SI_SUFFIX.get(exponent)
    if suffix is None:  # beyond the SI suffixes: the Go code falls back to an exponent
        return f"{number}e{exponent}"
    return f"{number}{suffix}"


ResourceList = dict[str, Amount]


def resource_list(raw: object) -> ResourceList:
    """A ``requests``/``limits`` mapping read as quantities (what is no quantity is skipped:
    the API server refused it already)."""
    out: ResourceList = {}
    for name, value in as_dict(raw).items():
        amount = parse(value)
        if amount is not None:
            out[str(name)] = amount
    return out


def _add(total: ResourceList, more: ResourceList) -> None:
    """``addResourceList``."""
    for name, amount in more.items():
        total[name] = total[name].add(amount) if name in total else amount


def _max(total: ResourceList, other: ResourceList) -> None:
    """``maxResourceList``: the larger of each resource in ``other``."""
    for name, amount in other.items():
        if name not in total or amount.value > total[name].value:
            total[name] = amount


def _aggregate(spec: dict, field: str) -> ResourceList:
    """``aggregateContainerResourcesByFn`` with the spec's ``requests`` or ``limits``."""
    def of(c: object) -> ResourceList:
        return resource_list(as_dict(as_dict(c).get("resources")).get(field))

    result: ResourceList = {}
    for c in as_list(spec.get("containers")):
        _add(result, of(c))
    sidecars: ResourceList = {}
    inits: ResourceList = {}
    for c in as_list(spec.get("initContainers")):
        own = of(c)
        if as_dict(c).get("restartPolicy") == "Always":
            _add(result, own)
            _add(sidecars, own)
            use = dict(sidecars)
        else:
            use = {}
            _add(use, own)
            _add(use, sidecars)
        _max(inits, use)
    _max(result, inits)
    return result


def pod_requests(pod: dict, *, overhead: bool = True) -> ResourceList:
    """``PodRequests``: what the scheduler reserves on a node for ``pod``."""
    spec = as_dict(pod.get("spec"))
    requests = _aggregate(spec, "requests")
    if overhead:
        _add(requests, resource_list(spec.get("overhead")))
    return requests


def pod_limits(pod: dict, *, overhead: bool = True) -> ResourceList:
    """``PodLimits``: the overhead is added only to limits that are set and not zero."""
    spec = as_dict(pod.get("spec"))
    limits = _aggregate(spec, "limits")
    if overhead:
        for name, amount in resource_list(spec.get("overhead")).items():
            if name in limits and limits[name].value != 0:
                limits[name] = limits[name].add(amount)
    return limits


def cpu_memory(resources: ResourceList) -> tuple[int, int]:
    """The milli-CPU and memory bytes the scheduler compares (``framework.Resource``)."""
    return (resources.get("cpu", ZERO).milli_value(), resources.get("memory", ZERO).int_value())
