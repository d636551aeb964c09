"""The diff between two rubric versions, and a policy in words (issue 14: rubrics people can
read). Each case edits a copy of the reference rubric the way an author would edit the file."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from hiring.domain.rubric import Rubric
from hiring.domain.rubric_diff import ADDED, CHANGED, REMOVED, Change, diff_rubrics
from hiring.domain.rubric_loader import parse_rubric
from hiring.domain.rubric_words import number, policy_notes, policy_rules

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "rubrics" / "senior-engineer.yaml").read_text(encoding="utf-8"))
Edit = Callable[[dict[str, Any]], None]


def rubric(edit: Edit | None = None) -> Rubric:
    data = copy.deepcopy(DATA)
    if edit:
        edit(data)
    return parse_rubric(data, "rubrics/senior-engineer.yaml")


def criterion(data: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in data["criteria"] if c["id"] == cid)


def stage(data: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in data["stages"] if s["id"] == sid)


def move_weight(data: dict[str, Any]) -> None:
    criterion(data, "system_design")["weight"] = 20
    criterion(data, "coding")["weight"] = 25


def rename(data: dict[str, Any]) -> None:
    criterion(data, "coding")["name"] = "Programming"


def new_anchor(data: dict[str, Any]) -> None:
    criterion(data, "debugging")["anchors"][4] = "Finds the N+1 query alone; vague on checks."


def add_criterion(data: dict[str, Any]) -> None:
    criterion(data, "cultural_fit")["weight"] = 5
    data["criteria"].append({"id": "communication", "name": "Communication", "weight": 5,
                             "description": "Explains clearly.", "anchors": {3: "Clear."}})
    stage(data, "values_interview")["criteria"].append("communication")


def remove_criterion(data: dict[str, Any]) -> None:
    criterion(data, "system_design")["weight"] += criterion(data, "mentoring")["weight"]
    data["criteria"] = [c for c in data["criteria"] if c["id"] != "mentoring"]
    stage(data, "behavioral_interview")["criteria"] = ["ownership"]


def lower_bar(data: dict[str, Any]) -> None:
    data["decision"]["bar"] = 3.5


def add_floor(data: dict[str, Any]) -> None:
    data["decision"]["floors"] = {"coding": 3}


def veto(data: dict[str, Any]) -> None:
    data["decision"]["red_flags"] = "veto"


def renormalize(data: dict[str, Any]) -> None:
    data["decision"]["missing_criteria"] = "renormalize"


def stage_minutes(data: dict[str, Any]) -> None:
    stage(data, "coding_interview")["minutes"] = 75


def new_question(data: dict[str, Any]) -> None:
    stage(data, "coding_interview")["questions"].append("What would you test first?")


def drop_flag(data: dict[str, Any]) -> None:
    data["red_flags"] = [f for f in data["red_flags"] if f["id"] != "arrogant"]


def optional_round(data: dict[str, Any]) -> None:
    next(r for r in data["rounds"] if r["id"] == "final_round")["optional"] = True


def swap_criteria(data: dict[str, Any]) -> None:
    data["criteria"][0], data["criteria"][1] = data["criteria"][1], data["criteria"][0]


def bar_as_integer(data: dict[str, Any]) -> None:
    data["decision"]["bar"] = 4  # 4.0 in the file: another version, the same meaning


def retitle(data: dict[str, Any]) -> None:
    data["title"] = "Senior Software Engineer II"


# edit -> (area, the item's id or None, its status or None, the Change expected, summary)
CASES: list[tuple[Edit, str, str | None, str | None, Change, tuple[str, ...]]] = [
    (move_weight, "criteria", "system_design", CHANGED, Change("Weight", "25", "20"),
     ("the weights of 2 criteria",)),
    (rename, "criteria", "coding", CHANGED, Change("Name", "Coding", "Programming"),
     ("criteria (1 renamed)",)),
    (new_anchor, "criteria", "debugging", CHANGED,
     Change("Anchor 4", "", "Finds the N+1 query alone; vague on checks."),
     ("the anchors of 1 criterion",)),
    (add_criterion, "criteria", "communication", ADDED, Change("Weight", "", "5"),
     ("criteria (1 added)", "the weights of 1 criterion", "stages (1 changed)")),
    (remove_criterion, "criteria", "mentoring", REMOVED, Change("Weight", "15", ""),
     ("criteria (1 removed)", "the weights of 1 criterion", "stages (1 changed)")),
    (lower_bar, "policy", None, None, Change("Bar", "4", "3.5"), ("the bar (4 → 3.5)",)),
    (add_floor, "policy", None, None, Change("Floor on Coding", "none", "3"), ("the floors",)),
    (veto, "policy", None, None,
     Change("Red flags", "discuss: a flag turns Offer into Discuss",
            "veto: any flag means No offer"), ("the rule for red flags",)),
    (renormalize, "policy", None, None,
     Change("Missing criteria", "block: Incomplete until every criterion is scored",
            "renormalize: weights taken over the scored criteria"),
     ("the rule for missing criteria",)),
    (stage_minutes, "stages", "coding_interview", CHANGED, Change("Minutes", "60", "75"),
     ("stages (1 changed)",)),
    (new_question, "stages", "coding_interview", CHANGED,
     Change("Question", "", "What would you test first?"), ("stages (1 changed)",)),
    (drop_flag, "red_flags", "arrogant", REMOVED,
     Change("Label", "Arrogant, not collaborative", ""), ("red flags (1 removed)",)),
    (optional_round, "rounds", "final_round", CHANGED, Change("Optional", "no", "yes"),
     ("rounds (1 changed)",)),
    (retitle, "general", None, None,
     Change("Title", "Senior Software Engineer", "Senior Software Engineer II"),
     ("the title",)),
]


@pytest.mark.parametrize(("edit", "area", "item_id", "status", "change", "summary"), CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_each_edit_shows_as_the_change_an_author_made(edit, area, item_id, status, change,
                                                      summary):
    found = diff_rubrics(rubric(), rubric(edit))
    if item_id is None:
        assert change in getattr(found, area)
    else:
        item = next(d for d in getattr(found, area) if d.id == item_id)
        assert item.status == status
        assert change in item.changes
    assert found.summary() == summary
    assert not found.same_meaning


def test_the_same_edit_read_backwards_swaps_the_sides():
    forward = diff_rubrics(rubric(), rubric(add_criterion))
    backward = diff_rubrics(rubric(add_criterion), rubric())
    added = next(d for d in forward.criteria if d.id == "communication")
    removed = next(d for d in backward.criteria if d.id == "communication")
    assert (added.status, removed.status) == (ADDED, REMOVED)
    assert [(c.what, c.after) for c in added.changes] == [(c.what, c.before)
                                                          for c in removed.changes]


def test_a_rename_keeps_the_older_name_to_show_beside_the_newer():
    item = diff_rubrics(rubric(), rubric(rename)).criteria[0]
    assert (item.name, item.renamed_from) == ("Programming", "Coding")


def test_weights_list_every_criterion_of_either_version_for_the_bars():
    rows = {r.id: r for r in diff_rubrics(rubric(), rubric(add_criterion)).weights}
    assert (rows["communication"].before, rows["communication"].after) == (None, 5)
    assert rows["cultural_fit"].changed
    assert not rows["coding"].changed
    assert sum(r.after for r in rows.values() if r.after is not None) == 100


def test_an_order_change_alone_is_still_a_difference():
    found = diff_rubrics(rubric(), rubric(swap_criteria))
    assert found.criteria == ()
    assert found.reordered == ("criteria",)
    assert found.summary() == ("the order of the criteria",)


def test_the_same_meaning_written_differently_lists_nothing():
    before, after = rubric(), rubric(bar_as_integer)
    assert before.version != after.version  # another stored version ...
    found = diff_rubrics(before, after)
    assert found.same_meaning
    assert found.summary() == ()


def test_several_edits_read_policy_first():
    def many(data: dict[str, Any]) -> None:
        move_weight(data)
        lower_bar(data)
        drop_flag(data)

    assert diff_rubrics(rubric(), rubric(many)).summary() == (
        "the bar (4 → 3.5)", "the weights of 2 criteria", "red flags (1 removed)")


@pytest.mark.parametrize(("value", "shown"), [("25", "25"), ("7/2", "3.5"), ("1/8", "0.125"),
                                              ("100/3", "100/3"), ("-1/4", "-0.25")])
def test_numbers_read_as_written_and_exactly(value, shown):
    from fractions import Fraction

    assert number(Fraction(value)) == shown


@pytest.mark.parametrize(("edit", "present", "absent"), [
    (None, ["Any criterion with no submitted score: Incomplete",
            "below the bar of 4: No offer", "Any red flag raised: Discuss"],
     ["whatever the scores"]),
    (veto, ["Any red flag raised on a submitted scorecard: No offer"], ["Discuss"]),
    (renormalize, ["below the bar of 4"], ["Any criterion with no submitted score"]),
    (add_floor, ["Coding averaging below its floor of 3: No offer"], []),
])
def test_the_policy_reads_as_the_rules_the_engine_applies(edit, present, absent):
    read = rubric(edit)
    text = " ".join(policy_rules(read))
    assert all(p in text for p in present), text
    assert not any(a in text for a in absent), text
    assert policy_rules(read)[-1] == "Otherwise: Offer."
    assert len(policy_notes(read)) == 2


def test_without_declared_rounds_a_stage_change_is_not_told_twice():
    def no_rounds(data: dict[str, Any]) -> None:
        del data["rounds"]

    def renamed_stage(data: dict[str, Any]) -> None:
        no_rounds(data)
        stage(data, "phone_screen")["name"] = "Recruiter Screen"

    found = diff_rubrics(rubric(no_rounds), rubric(renamed_stage))
    assert found.rounds == ()
    assert found.summary() == ("stages (1 renamed)",)
    declared = diff_rubrics(rubric(no_rounds), rubric())  # rounds declared from now on
    assert {d.id for d in declared.rounds} >= {"technical_interviews", "final_round"}
