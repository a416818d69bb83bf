"""The learner's progress: what it holds (:mod:`.model`) and the file that keeps it
(:mod:`.store`), saved after every change, never half-written, never lost."""

from kubelearn.progress.model import (
    MAX_ANSWER_BYTES,
    MAX_DRAFT_BYTES,
    MAX_FILE_BYTES,
    MAX_INDEX,
    SCHEMA_VERSION,
    ExerciseProgress,
    ExerciseStatus,
    LessonProgress,
    NewerFormatError,
    Position,
    Progress,
    Screen,
    encode_progress,
    parse_progress,
)
from kubelearn.progress.store import LOCK_TIMEOUT_S, RETRY_LOCK_TIMEOUT_S, ProgressStore

__all__ = [
    "LOCK_TIMEOUT_S", "MAX_ANSWER_BYTES", "MAX_DRAFT_BYTES", "MAX_FILE_BYTES", "MAX_INDEX",
    "RETRY_LOCK_TIMEOUT_S", "SCHEMA_VERSION", "ExerciseProgress", "ExerciseStatus",
    "LessonProgress", "NewerFormatError", "Position", "Progress", "ProgressStore", "Screen",
    "encode_progress", "parse_progress",
]
