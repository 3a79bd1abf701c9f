"""Every stage's options object is reachable from PipelineOptions, so a run can be configured in one place."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import storylens.stages
from storylens.pipeline import PipelineOptions

# Fitting a framing model is a command of its own (`storylens framing fit`), not a stage of a run.
NOT_STAGES = {"FitOptions"}


def _stage_options() -> set[type]:
    found = set()
    for module in pkgutil.walk_packages(storylens.stages.__path__, "storylens.stages."):
        for name, value in vars(importlib.import_module(module.name)).items():
            if name.endswith("Options") and dataclasses.is_dataclass(value) and name not in NOT_STAGES:
                found.add(value)
    return {kind for kind in found if isinstance(kind, type)}


def _reachable(options: object) -> set[type]:
    seen = {type(options)}
    for field in dataclasses.fields(options):  # type: ignore[arg-type]
        value = getattr(options, field.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            seen |= _reachable(value)
    return seen


def test_every_stage_options_object_is_a_field_of_the_pipeline_options() -> None:
    missing = {kind.__name__ for kind in _stage_options() - _reachable(PipelineOptions())}
    assert missing == set()
