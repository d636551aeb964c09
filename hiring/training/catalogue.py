"""The exercises the Training area offers: the valid files of the rubrics folder's
``calibration/``, with the rubric each is scored against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from hiring.domain.calibration_exercise import CalibrationExercise
from hiring.domain.rubric import Rubric
from hiring.rubric_files import check_exercises, check_files, exercise_files, expand


@dataclass(frozen=True)
class Catalogue:
    rubrics: dict[str, Rubric]
    exercises: dict[str, CalibrationExercise]  # by id, in file order

    def by_stage(self) -> list[tuple[Rubric, str, list[CalibrationExercise]]]:
        """(rubric, stage id, exercises) in the rubric's stage order."""
        groups: list[tuple[Rubric, str, list[CalibrationExercise]]] = []
        for rubric in sorted(self.rubrics.values(), key=lambda r: r.title):
            for stage in rubric.stages:
                found = [e for e in self.exercises.values()
                         if e.rubric_id == rubric.id and e.stage_id == stage.id]
                if found:
                    groups.append((rubric, stage.id, found))
        return groups


def catalogue() -> Catalogue:
    """Read from the files on each call: a handful of small files, and an edited exercise
    shows at once. Invalid files are left out (``hiring rubric check`` names them)."""
    folder = Path(current_app.config["RUBRICS_DIR"])
    rubrics, _ = check_files(expand([folder]))
    exercises, _ = check_exercises(exercise_files(folder), rubrics)
    return Catalogue({r.id: r for r in rubrics}, {e.id: e for e in exercises})
