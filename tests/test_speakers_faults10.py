"""Speaker names `qa10` found and left (issue 17): a role word before a name the NER
read as a body, a document's adjective, the doer a verb of perception takes, and a
nominal name's second relative clause. Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer


def speakers_by_quote(analyzer: Analyzer, text: str) -> dict[str, tuple[str | None, str | None]]:
    """Each quote's text with its speaker's name and key (None, None without a speaker);
    shared by the fault tests of later passes."""
    article = analyzer.analyze(text)
    return {
        a.quote.text: (a.speaker.name, a.speaker.key) if a.speaker else (None, None)
        for a in article.attributions
    }


def test_a_role_noun_before_a_name_read_as_a_body_gives_a_person(
    any_analyzer: Analyzer,
) -> None:
    """`Striker Conor Delaney`: the NER reads the name as a body; after the role noun
    it is still a person, so the name keeps its first name and its key."""
    found = speakers_by_quote(
        any_analyzer,
        "The club's captain, Striker Conor Delaney said the team had played its best "
        "football of the season.",
    )
    assert found["the team had played its best football of the season"] == (
        "Conor Delaney",
        "conor delaney",
    )


def test_a_later_surname_joins_the_name_after_a_role_noun(any_analyzer: Analyzer) -> None:
    """`with striker Conor Delaney scoring twice`, then `Delaney ... said`: the surname
    is the person named in full before."""
    found = speakers_by_quote(
        any_analyzer,
        "Harwick United beat Port Ellis 2-1 on Saturday, with striker Conor Delaney "
        "scoring twice. Delaney, who joined the club in the summer, said he had "
        "struggled to sleep.",
    )
    assert found["he had struggled to sleep"] == ("Conor Delaney", "conor delaney")


def test_a_documents_adjective_is_not_its_speakers_name(any_analyzer: Analyzer) -> None:
    """`Nordic study finds`: the adjective says where, not who; the study keeps its
    own words and has no speaker key."""
    found = speakers_by_quote(
        any_analyzer, "A Nordic study found that daily walks cut the risk of a second heart attack."
    )
    name, key = found["that daily walks cut the risk of a second heart attack"]
    assert name == "A Nordic study" and key is None


def test_a_document_still_speaks_for_the_body_written_before_it(
    any_analyzer: Analyzer,
) -> None:
    """A noun before the document is its owner (`A government study`)."""
    found = speakers_by_quote(
        any_analyzer, "A government study found that daily walks cut the risk of heart attacks."
    )
    assert found["that daily walks cut the risk of heart attacks"][0] == "government"


def test_the_one_remembered_telling_is_the_speaker(any_analyzer: Analyzer) -> None:
    """`I remember my business partner, Josh Lambert, telling me, "..."`: the partner
    speaks, and the one remembered is no quote of the rememberer."""
    found = speakers_by_quote(
        any_analyzer,
        "I remember my business partner, Josh Lambert, telling me, "
        '"We either change the menu or we change our jobs."',
    )
    assert found == {
        '"We either change the menu or we change our jobs."': ("Josh Lambert", "josh lambert")
    }


def test_the_one_heard_telling_is_the_speaker(any_analyzer: Analyzer) -> None:
    """`I heard the coach tell the players that ...`: the coach's words, not the
    hearer's; `I remember telling him that ...` stays the rememberer's."""
    found = speakers_by_quote(
        any_analyzer,
        "I heard the coach tell the players that the season was not over. "
        "I remember telling him that the plan would fail.",
    )
    assert found["that the season was not over"][0] == "the coach"
    assert "the coach tell the players that the season was not over" not in found
    assert found["that the plan would fail"][0] is None


def test_a_nominal_name_stops_before_a_second_relative_clause(
    any_analyzer: Analyzer,
) -> None:
    """`A witness who works ..., and who asked not to be named`: the name is the noun
    phrase, without either clause."""
    found = speakers_by_quote(
        any_analyzer,
        "A witness who works at the bakery opposite, and who asked not to be named, "
        "said she saw two men running.",
    )
    assert found["she saw two men running"][0] == "A witness"


def test_a_nominal_name_stops_before_a_later_nouns_relative_clause(
    any_analyzer: Analyzer,
) -> None:
    """`The father of a girl who died in the fire`: the name keeps its `of` phrase and
    stops before the clause of the noun in it; the mention as written keeps it all."""
    article = any_analyzer.analyze(
        "The father of a girl who died in the fire said the landlord had ignored the alarms."
    )
    (att,) = [a for a in article.attributions if "landlord" in a.quote.text]
    assert att.speaker is not None and att.speaker.name == "The father of a girl"
    assert att.speaker.text == "The father of a girl who died in the fire"
