"""How a refused bulk move reads: each reason once, with the candidates it stops."""

from __future__ import annotations

from hiring.services.bulk import BulkRefused


def test_each_reason_is_given_once_with_the_candidates_it_stops() -> None:
    offer = "Only the hiring committee makes offers."
    names = [f"Person {n}" for n in range(15)]
    refused = BulkRefused([*((n, offer) for n in names), ("Mia", "Choose a stage.")], 20)
    assert refused.errors[""] == [
        "16 of the 20 selected candidates cannot make this move, so none was moved.",
        f"{', '.join(names[:12])} and 3 more: {offer}",
        "Mia: Choose a stage.",
    ]


def test_a_candidate_stopped_twice_is_counted_once() -> None:
    refused = BulkRefused([("Mo", "One."), ("Mo", "Two.")], 1)
    assert refused.errors[""][0].startswith("1 of the 1 selected candidates")
    assert refused.errors[""][1:] == ["Mo: One.", "Mo: Two."]
