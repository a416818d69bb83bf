"""A typed Secret must hold the keys its type promises, as the API server checks.

Ported from pkg/apis/core/validation/validation.go, ValidateSecret: a
``kubernetes.io/tls`` Secret needs ``tls.crt`` and ``tls.key``; ``kubernetes.io/dockerconfigjson``
needs ``.dockerconfigjson`` (well-formed JSON), ``kubernetes.io/dockercfg`` needs ``.dockercfg``;
``kubernetes.io/basic-auth`` needs ``username`` or ``password``; ``kubernetes.io/ssh-auth``
needs a non-empty ``ssh-privatekey``; ``kubernetes.io/service-account-token`` needs the
annotation ``kubernetes.io/service-account.name``. The keys are looked for in ``data`` and in
``stringData``, which the API server merges into ``data`` before it validates (the v1 to
internal conversion of Secret).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import as_dict

#: The keys each type needs: all of them, or (basic-auth) at least one.
NEEDS_ALL = {
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
}
NEEDS_ONE = {"kubernetes.io/basic-auth": ("username", "password")}
SERVICE_ACCOUNT_NAME = "kubernetes.io/service-account.name"


def _values(doc: Document) -> dict[str, bytes | None]:
    """Every key of the Secret with its bytes once merged (None when not readable)."""
    merged: dict[str, bytes | None] = {}
    for key, value in as_dict(doc.value_at(("data",))).items():
        try:
            merged[key] = base64.b64decode(value, validate=True) if isinstance(value, str) else None
        except (binascii.Error, ValueError):
            merged[key] = None  # invalid-base64 says so
    for key, value in as_dict(doc.value_at(("stringData",))).items():
        merged[key] = value.encode() if isinstance(value, str) else None
    return merged


def check_secret_type(doc: Document, ctx: Context) -> Iterator[Finding]:
    kind = doc.value_at(("type",))
    if not isinstance(kind, str):
        return
    values = _values(doc)
    at = ("type",)
    if kind in NEEDS_ALL:
        missing = [key for key in NEEDS_ALL[kind] if key not in values]
        if kind == "kubernetes.io/ssh-auth" and not missing and not values["ssh-privatekey"]:
            missing = ["ssh-privatekey"]
        if missing:
            yield ctx.at(doc, at, "secret-keys", "secret-keys-missing", type=kind,
                         keys=", ".join(missing))
            return
        if kind == "kubernetes.io/dockerconfigjson" and values[".dockerconfigjson"] is not None:
            try:
                json.loads(values[".dockerconfigjson"])
            except ValueError:
                yield ctx.at(doc, at, "secret-keys", "secret-dockerconfig-json", type=kind)
    elif kind in NEEDS_ONE and not any(key in values for key in NEEDS_ONE[kind]):
        yield ctx.at(doc, at, "secret-keys", "secret-keys-one", type=kind,
                     keys=", ".join(NEEDS_ONE[kind]))
    elif kind == "kubernetes.io/service-account-token":
        name = as_dict(doc.value_at(("metadata", "annotations"))).get(SERVICE_ACCOUNT_NAME)
        if not name:
            yield ctx.at(doc, at, "secret-keys", "secret-service-account", type=kind,
                         annotation=SERVICE_ACCOUNT_NAME)


RULE = Rule("secret_type", {"secret-keys": ERROR}, check_secret_type,
            kinds=frozenset({"Secret"}))
