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


def test_a_to_clause_that_reports_gives_what_it_reports(any_analyzer: Analyzer) -> None:
    # `addressed his children to tell them that X`: the content is `that X`, as PolNeAR
    # labels it, not the to-clause with its object.
    text = "He also addressed his students to tell them that the exam had been moved to May."
    found = _found(any_analyzer, text)
    assert ("that the exam had been moved to May", "He") in [(q, s) for _, q, s, _ in found]
    assert not any(q.startswith("his students") for _, q, _, _ in found)


def test_declining_to_say_keeps_the_to_clause(analyzer: Analyzer) -> None:
    # The refusal is what is reported: `declined to say whether X` keeps `to say ...`.
    text = "The mayor declined to say whether the bridge would reopen in May."
    quotes = [q for _, q, _, _ in _found(analyzer, text)]
    assert "to say whether the bridge would reopen in May" in quotes


def test_an_empty_object_of_an_unlisted_verb_reports_nothing(analyzer: Analyzer) -> None:
    # `provided no details about X`: nothing was given about X, so X is no content; the
    # statement's own `said that ...` stays.
    text = (
        "The statement, which provided no further details about the people arrested, "
        "said that the officers were attacked by the group."
    )
    quotes = [q for _, q, _, _ in _found(analyzer, text)]
    assert quotes == ["that the officers were attacked by the group"]


def test_the_subject_of_is_expected_to_is_content(analyzer: Analyzer) -> None:
    # PolNeAR: `X is expected to Y` reports `X ... to Y`, and no one in the sentence
    # speaks; `Cruz seemed to blame X` keeps Cruz as the speaker (blame is a cue).
    article = analyzer.analyze("The new bridge is expected to open in May.")
    (att,) = article.attributions
    assert [f.text for f in att.quote.fragments] == ["The new bridge", "to open in May"]
    assert att.speaker is None
    found = _found(analyzer, "Cruz seemed to blame the network for its reporting.")
    assert found and all(speaker == "Cruz" for _, _, speaker, _ in found)


def test_said_in_a_press_release_that_reports_the_clause(any_analyzer: Analyzer) -> None:
    # The parser hangs this that-clause on `release` as a relative clause (its `that`
    # is a complementiser, so it is the cue's clause misread); it was lost before.
    text = (
        "Norlund Foods said in a press release that farmers supplying the plant "
        "reported smaller harvests this year."
    )
    found = [(q, s, c) for _, q, s, c in _found(any_analyzer, text)]
    assert (
        "that farmers supplying the plant reported smaller harvests this year",
        "Norlund Foods",
        "said",
    ) in found


def test_a_time_after_the_cue_is_not_who_is_asked(analyzer: Analyzer) -> None:
    # `called on the mayor to resign` starts at `the mayor`; `voted on Monday to ...`
    # starts at `to`: a date is no one asked.
    asked = _found(analyzer, "The union called on the mayor to resign over the closures.")
    assert ("the mayor to resign over the closures", "The union") in [
        (q, s) for _, q, s, _ in asked
    ]
    voted = _found(
        analyzer, "The Oakdale board voted on Monday to delay the start of classes by an hour."
    )
    assert [q for _, q, _, _ in voted] == ["to delay the start of classes by an hour"]


def test_a_quote_that_ends_its_own_sentence_is_not_the_next_speakers(
    any_analyzer: Analyzer,
) -> None:
    """`... young people "for being outside." Judge Ruiz, writing for the court, said`:
    the quoted words close the panel's sentence; they are not Judge Ruiz's. A quotation
    that opens its sentence still goes to the cue after it."""
    article = any_analyzer.analyze(
        'The panel wrote that the rule punished young people "for being outside." '
        "Judge Ana Ruiz, writing for the court, said the figures showed no drop in crime. "
        '"We will appeal," the mayor said.'
    )
    found = {a.quote.text: a.speaker.text if a.speaker else None for a in article.attributions}
    assert '"for being outside."' not in found
    assert found['"We will appeal,"'] == "the mayor"
