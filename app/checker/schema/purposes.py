"""What a field is for, in the learner's language, for the fields a learner forgets.

A missing-field or wrong-type finding explains the field with the description from the
Kubernetes schema, which exists only in English; a Chinese sentence with an English one pasted
in ("它的用途：Label selector for pods.") helps no one. The catalogue ``purposes.toml`` of each
language gives the required fields a beginner meets in Pods, workloads, ConfigMaps, Secrets,
Services and Ingresses a short plain sentence instead (in English, the schema's own first
sentence). Keys are ``purposes.<Type>.<field>``, the type as the checker names it: the schema
definition's short name (``Container``, ``DeploymentSpec``) or, at the top of an object, its
kind (``Pod``). Each key is a field the schema marks required or one that
``required.SERVER_REQUIRED`` adds; a test keeps it so.
"""

from __future__ import annotations

from kubelearn.words import words


def purpose(type_name: str | None, field: str, lang: str) -> str | None:
    """What ``field`` of ``type_name`` is for, in ``lang``, or None to keep the schema's words."""
    if type_name is None:
        return None
    catalogue = words(lang)
    key = f"purposes.{type_name}.{field}"
    return catalogue.template(key) if catalogue.has(key) else None
