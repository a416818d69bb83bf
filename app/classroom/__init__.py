"""A class: its students, their progress and what they did, in one SQLite file
(:mod:`.db`), and what an instructor makes of it (reports, grades). No Textual here.

A class folder holds ``class.db`` (the roster, each student's progress, the event log) and
``class.toml`` (the class's name, join code and creation time, written by ``kubelearn
serve``).
"""

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
