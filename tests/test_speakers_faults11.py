"""Faults `qa11` found and left (issue 17): a surname that is a common noun, a given
name the NER read as a place, a full name written only in a possessive, a person named
in apposition after a participle phrase or to `One of them`, a correction line, a
pronoun after an `Asked whether ...` clause, and a dateline in a speaker mention.
Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_faults10 import speakers_by_quote


def test_a_surname_that_is_a_common_noun_joins_its_person(any_analyzer: Analyzer) -> None:
    """`Sales said`: the parser reads the surname as the plural of `sale`; it is still
    the Victor Sales named before."""
    found = speakers_by_quote(
        any_analyzer,
        "The race between Republican Andrea Kolb and Democrat Victor Sales was close. "
        '"We will win this seat," Sales said.',
    )
    assert found['"We will win this seat,"'] == ("Victor Sales", "victor sales")


def test_a_common_noun_names_no_one_when_no_person_has_it_as_surname(
    any_analyzer: Analyzer,
) -> None:
    """Without a `Victor Sales` in the article, `Sales` stays as written, with no key."""
    found = speakers_by_quote(any_analyzer, '"We will win this seat," Sales said.')
    name, key = found['"We will win this seat,"']
    assert name == "Sales" and key is None


def test_a_given_name_read_as_a_place_stays_in_the_name(any_analyzer: Analyzer) -> None:
    """`Democrat Nadia Haddad`, `Nadia` read as a place: the later `Haddad` is Nadia
    Haddad, with her full key."""
    found = speakers_by_quote(
        any_analyzer,
        "In the race for attorney general, incumbent Sam Reyes held off a challenge from "
        "Democrat Nadia Haddad. Haddad conceded at about 11 p.m., telling supporters "
        "that the fight would go on.",
    )
    assert found["that the fight would go on"] == ("Nadia Haddad", "nadia haddad")


def test_a_full_name_written_only_in_a_possessive_names_the_surname(
    any_analyzer: Analyzer,
) -> None:
    """`Ines Vidal's "Glass Fields"` in the headline and `Ines Vidal’s new
    installation`, both read as no entity, then `Vidal said`: the surname is the person
    the possessives named in full."""
    found = speakers_by_quote(
        any_analyzer,
        "Review: Ines Vidal's “Glass Fields” turns an old mill into a sea of light"
        "\n\nInes Vidal’s new installation fills the old mill with hundreds of glass "
        "bowls, each lit from below.\n\n“It was a quiet house,” Vidal said when we "
        "met in the mill last week.",
    )
    assert found["“It was a quiet house,”"] == ("Ines Vidal", "ines vidal")


def test_one_of_a_group_is_the_person_named_in_apposition(any_analyzer: Analyzer) -> None:
    """`One of them, Ray Hollins, said`: the speaker is Ray Hollins, with his key."""
    found = speakers_by_quote(
        any_analyzer,
        "Some local fishermen came to the opening. One of them, Tom Ashby, said his "
        "father had worked out of the harbour for fifty years.",
    )
    assert found["his father had worked out of the harbour for fifty years"] == (
        "Tom Ashby",
        "tom ashby",
    )


def test_a_role_is_named_after_its_participle_phrase(any_analyzer: Analyzer) -> None:
    """`a forensic accountant called by the Crown, Dr. Keith Marlow, told the court`:
    the parser hangs the name on `the Crown`; it names the accountant."""
    found = speakers_by_quote(
        any_analyzer,
        "Earlier in the trial, a forensic accountant called by the Crown, Dr. Neil "
        "Rudd, told the court that the payments followed a clear pattern.",
    )
    assert found["that the payments followed a clear pattern"] == ("Neil Rudd", "neil rudd")


def test_a_correction_line_reports_no_ones_words(any_analyzer: Analyzer) -> None:
    """`(This story has been corrected to show that ...)` and `An earlier version of
    this article said ...` are the writer's notes: no quote; `The story said` about a
    story the article cites still is one."""
    article = any_analyzer.analyze(
        "The border crossing was closed on Friday, officials said.\n\n(This story has "
        "been corrected to show that the crossing was closed on Friday, not Thursday, in "
        "paragraph 1)\n\nAn earlier version of this article said the crossing had been "
        "closed on Thursday."
    )
    speakers = [a.speaker.text for a in article.attributions if a.speaker]
    assert speakers == ["officials"]


def test_a_subject_inside_an_asked_clause_does_not_take_the_pronoun(
    any_analyzer: Analyzer,
) -> None:
    """`Osei dismissed the comparison. Asked whether Velora could succeed ..., she
    said`: the company (which the NER tags a person) is the subject of the `Asked`
    clause, not of the sentence; `she` is Osei, the subject of the sentence before."""
    found = speakers_by_quote(
        any_analyzer,
        "Kate Osei, the chief executive of Velora, said the glasses would ship in May. "
        'According to Ben Adler, an analyst, the market has "broken the hearts of bigger '
        'companies than Velora." He pointed out that two rivals had withdrawn similar '
        "products.\n\nOsei dismissed the comparison. Asked whether Velora could succeed "
        "where others had failed, she said the earlier products had been too heavy.",
    )
    assert found["the earlier products had been too heavy"] == ("Kate Osei", "kate osei")


def test_a_dateline_is_not_in_the_speaker_mention(analyzer: Analyzer) -> None:
    """`SAN FRANCISCO \u2014 Zentra, the start-up ...`: the dateline before the dash is
    no part of the speaker's mention; the hyphen of a name (`Ruiz-Caldera`) is. With the
    trained classifier, which keeps the quote of `betting that ...`."""
    article = analyzer.analyze(
        "Zentra unveils smart glasses with a day of battery\n\nSAN FRANCISCO \u2014 "
        "Zentra, the start-up best known for its sleep tracker, launched its first smart "
        "glasses on Monday, betting that buyers are ready to wear a computer on their "
        "faces.\n\nGENEVA (Reuters) - Tomas Ruiz-Caldera, the foreign minister, said the "
        "talks had failed."
    )
    mentions = {a.speaker.text for a in article.attributions if a.speaker}
    assert "Zentra, the start-up best known for its sleep tracker" in mentions
    assert not any("FRANCISCO" in m or "GENEVA" in m for m in mentions)
    assert "Tomas Ruiz-Caldera, the foreign minister" in mentions


def test_a_name_set_off_by_dashes_stays_in_the_mention(any_analyzer: Analyzer) -> None:
    """`Nora Ellison Pike - Hale's sister and co-host ... - said`: the dash sets off a
    role after the name, not a dateline; the name stays in the mention."""
    article = any_analyzer.analyze(
        "The rally was loud. Nora Ellison Pike - Hale's sister and co-host on his radio "
        "show - said the crowd had been peaceful."
    )
    mentions = [a.speaker.text for a in article.attributions if a.speaker]
    assert mentions and mentions[0].startswith("Nora Ellison Pike")
