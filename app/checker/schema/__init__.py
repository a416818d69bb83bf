"""Checking each object against the real Kubernetes API schema, strictly, in plain words.

``bundle`` loads the shipped schema (``data/``) and answers what it says about a field;
``validate`` turns every schema error into a finding; ``required`` adds what the API server
requires beyond the schema; ``keys`` explains keys that YAML's typing changed; ``describe``
puts types, values and paths into a learner's terms; ``purposes`` says what a field is for in
the learner's language.
"""

from __future__ import annotations

from kubelearn.checker.schema.bundle import api_versions, bundle, schema_at, validator
from kubelearn.checker.schema.required import SERVER_REQUIRED
from kubelearn.checker.schema.validate import schema_findings

__all__ = ["SERVER_REQUIRED", "api_versions", "bundle", "schema_at", "schema_findings", "validator"]
