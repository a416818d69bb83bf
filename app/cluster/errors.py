"""The API server's errors, as kubectl prints them (``Error from server (NotFound): ...``).

``reason`` is the StatusReason of k8s.io/apimachinery/pkg/apis/meta/v1 (types.go) and
``code`` its HTTP status; the message is worded as the API server words it
(apimachinery/pkg/api/errors/errors.go: ``NewNotFound``, ``NewAlreadyExists``, ...).
"""

from __future__ import annotations

from typing import Any

from kubelearn.cluster.resources import Resource


class ApiError(Exception):
    """A request the API server refused. ``findings`` holds the checker's findings for an
    Invalid object (what a learner reads under kubectl's one-line error)."""

    def __init__(self, reason: str, code: int, message: str, findings: tuple = ()) -> None:
        super().__init__(message)
        self.reason = reason
        self.code = code
        self.message = message
        self.findings: tuple[Any, ...] = findings

    def __str__(self) -> str:
        return f"Error from server ({self.reason}): {self.message}"


def not_found(resource: Resource, name: str) -> ApiError:
    return ApiError("NotFound", 404, f'{resource.qualified} "{name}" not found')


def already_exists(resource: Resource, name: str) -> ApiError:
    return ApiError("AlreadyExists", 409, f'{resource.qualified} "{name}" already exists')


def invalid(resource: Resource, name: str, causes: list[str], findings: tuple = ()) -> ApiError:
    """``NewInvalid``: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: ...'."""
    kind = f"{resource.kind}.{resource.group}" if resource.group else resource.kind
    detail = causes[0] if len(causes) == 1 else "[" + ", ".join(causes) + "]"
    return ApiError("Invalid", 422, f'{kind} "{name}" is invalid: {detail}', findings)


def forbidden(resource: Resource, name: str, why: str) -> ApiError:
    return ApiError("Forbidden", 403, f'{resource.qualified} "{name}" is forbidden: {why}')


def bad_request(message: str) -> ApiError:
    return ApiError("BadRequest", 400, message)
