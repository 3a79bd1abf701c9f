"""The kernel's one list of future constructions (invented sentences)."""

from __future__ import annotations

import re

import pytest

from storylens.text.cues import FUTURE_CUES


@pytest.mark.parametrize(
    "sentence",
    [
        "The council will vote on the plan.",
        "The hearing is scheduled for Thursday.",
        "The ferry is due back on Monday.",
        "Crews are set to reopen the road.",
        "The mayor plans to visit the valley next week.",
        "The bridge stays closed until Friday.",
        "The museum is on Sunday's programme.",
    ],
)
def test_future_constructions_are_cues(sentence: str) -> None:
    assert re.search(FUTURE_CUES, sentence, re.IGNORECASE)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ferry ran aground next to the harbour wall on Monday.",
        "Engineers said the span would have collapsed.",  # "would" needs a parse: not a kernel cue
        "The council voted on the plan last night.",
    ],
)
def test_past_and_place_wording_is_not_a_cue(sentence: str) -> None:
    assert re.search(FUTURE_CUES, sentence, re.IGNORECASE) is None
