"""A class: its students, their progress and what they did, in one SQLite file
(:mod:`.db`), and what an instructor makes of it (reports, grades). No Textual here.

A class folder holds ``class.db`` (the roster, each student's progress, the event log) and
``class.toml`` (the class's name, join code and creation time, written by ``kubelearn
serve``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kubelearn.classroom.db import (
        CLASS_DB,
        ClassDB,
        ClassDBError,
        ClassProgressStore,
        Event,
        InvalidName,
        Student,
        name_key,
        shown_name,
    )

__all__ = [
    "CLASS_DB", "ClassDB", "ClassDBError", "ClassProgressStore", "Event", "InvalidName",
    "Student", "name_key", "shown_name",
]


def __getattr__(name: str) -> Any:
    """The database's names, imported on first use: the command line reads a default from
    :mod:`.watch` while building its parser, and the tutor outside a class never needs
    SQLite."""
    if name in __all__:
        from kubelearn.classroom import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
