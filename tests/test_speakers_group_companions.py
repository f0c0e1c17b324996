"""A named person joined by `and` to a body the NER tags (`the Port Authority`), to a
party's people in the plural (`local Democrats`) or to unnamed companions of
`group_companions` in rules/speakers.toml (`others`, `his colleagues`) speaks with them
as one group (`nominals.group`, `resolve.group`), not alone; a `she` after that group
goes to its one named woman. Written sentences, with the rules alone and with the
classifiers."""

from __future__ import annotations

from attribution import Analyzer
from attribution.schema import Article


def named(article: Article, words: str) -> tuple[str | None, list[str]]:
    """The resolved name and resolution rule of the quote holding `words`."""
    (att,) = [a for a in article.attributions if words in a.quote.text]
    assert att.speaker is not None
    rules = [e.rule_id for e in att.evidence if e.step == "resolution"]
    return att.speaker.name, rules


def test_a_person_and_a_body_speak_as_one_group(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "Governor Dana Whitlow toured the harbour on Monday.\n\n"
        "Whitlow and the Port Authority said that the new cranes would arrive in May."
    )
    assert named(article, "new cranes") == (
        "Dana Whitlow and the Port Authority",
        ["resolve.group"],
    )


def test_a_person_and_others_speak_as_one_group(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "Marta Olsen, a nurse, has worked at the clinic for ten years.\n\n"
        "Olsen and others said that the clinic needed more staff."
    )
    assert named(article, "more staff") == ("Marta Olsen and others", ["resolve.group"])


def test_a_person_and_his_colleagues_speak_as_one_group(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "Professor Liam Carver studies river floods.\n\n"
        "Carver and his colleagues found that the floods had doubled since 1990."
    )
    assert named(article, "floods had doubled") == (
        "Liam Carver and his colleagues",
        ["resolve.group"],
    )


def test_she_after_a_group_is_its_one_named_woman(any_analyzer: Analyzer) -> None:
    """Before, `Olsen and others` resolved to Olsen alone; as a group it speaks last,
    and the `she` that follows still goes to Olsen, not to the governor named after."""
    article = any_analyzer.analyze(
        "Marta Olsen, a nurse, has worked at the clinic for ten years.\n\n"
        "Olsen and others said they could not support Governor Ruth Hale. "
        '"I will vote for anyone else," she said.'
    )
    assert named(article, "anyone else")[0] == "Marta Olsen"


def test_one_party_member_still_makes_no_group(any_analyzer: Analyzer) -> None:
    """A singular party word names one member, not people who join (`a Republican`)."""
    article = any_analyzer.analyze(
        "Senator Paul Dorsey spoke in Ohio on Monday.\n\n"
        "Dorsey and a Republican from Texas said that the bill would fail."
    )
    name, _ = named(article, "bill would fail")
    assert name is not None and " and " not in name
