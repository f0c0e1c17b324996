"""Candidate rules of attribution/extract/candidates.py, through the analyzer: the
prepositional cues (`according to X`, `per X`) and the verb `citing`."""

from __future__ import annotations

from attribution import Analyzer


def _found(analyzer: Analyzer, text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (
            a.rule_id,
            a.quote.text,
            a.speaker.text if a.speaker else None,
            a.cue.text if a.cue else None,
        )
        for a in analyzer.analyze(text).attributions
    ]


def test_per_names_the_source_under_the_rules_alone(rules_only: Analyzer) -> None:
    text = "Per the ministry, the bridge will stay closed until May."
    assert _found(rules_only, text) == [
        ("cue.per", "the bridge will stay closed until May", "the ministry", "Per")
    ]


def test_per_with_a_bare_unit_names_no_one(rules_only: Analyzer) -> None:
    assert _found(rules_only, "The plants emit two billion tons of carbon per year.") == []
    assert _found(rules_only, "Tuition rose by $2,000 per student last year.") == []


def test_citing_makes_the_subject_the_speaker(analyzer: Analyzer, rules_only: Analyzer) -> None:
    # `citing X`: the one who cites speaks and X is what they cite (PolNeAR labels it
    # so); X never speaks, whether the rules alone or the classifier decide.
    text = "The airline cancelled 40 flights on Monday, citing a shortage of pilots."
    assert _found(analyzer, text) == [
        ("verb.object", "a shortage of pilots", "The airline", "citing")
    ]
    assert all(speaker == "The airline" for _, _, speaker, _ in _found(rules_only, text))
