"""Speakers that a preposition's object gives a participle or infinitive with no subject
of its own (`syntax.preposition_doer`, the word lists `participle_doer_prepositions`
and `infinitive_doer_prepositions` of rules/speakers.toml), on written sentences, with
the rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer, Article


def speaker_and_rule(article: Article, words: str) -> tuple[str | None, str]:
    (found,) = [a for a in article.attributions if words in a.quote.text]
    rule = next((e.rule_id for e in found.evidence if e.step == "speaker"), "")
    return (found.speaker.text if found.speaker else None), rule


def test_the_object_of_with_asks_the_question(any_analyzer: Analyzer) -> None:
    """`ended with the senator asking whether ...`: the senator asks, not the meeting
    the parse hangs `asking` on."""
    article = any_analyzer.analyze(
        "The meeting ended with the senator asking the panel whether the money had been spent."
    )
    assert speaker_and_rule(article, "the money had been spent") == (
        "the senator",
        "speaker.object_control",
    )


def test_a_named_object_of_with_speaks(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The hearing closed with Ada Brenner asking the board whether the harbour would be sold."
    )
    assert speaker_and_rule(article, "the harbour would be sold")[0] == "Ada Brenner"


def test_the_object_of_for_does_the_infinitive(any_analyzer: Analyzer) -> None:
    """`created an opening for the governor to argue ...`: `for` hangs on `opening`
    and the infinitive on `created`; the governor argues, not the storms."""
    article = any_analyzer.analyze(
        "The storms have created a natural opening for Governor Ada Brenner to argue "
        "that the new levees had held."
    )
    speaker, rule = speaker_and_rule(article, "the new levees had held")
    assert speaker is not None and speaker.endswith("Ada Brenner")
    assert rule == "speaker.object_control"


def test_a_thing_after_for_does_not_speak(any_analyzer: Analyzer) -> None:
    """`reached for a metaphor to explain ...`: a metaphor explains nothing; the one who
    reached for it does."""
    article = any_analyzer.analyze(
        "In an unhurried tone, Mr. Tom Hale reached for a metaphor to explain that the "
        "voters were tired."
    )
    speaker, rule = speaker_and_rule(article, "the voters were tired")
    assert speaker == "Mr. Tom Hale"
    assert rule != "speaker.object_control"


def test_a_comma_after_with_leaves_the_subject(any_analyzer: Analyzer) -> None:
    """The object must end right where the participle starts: `with her aides, saying`
    is the mayor's saying."""
    article = any_analyzer.analyze(
        "Mayor Ada Brenner left the hall with her aides, saying that the harbour would stay open."
    )
    assert speaker_and_rule(article, "the harbour would stay open")[0] == "Mayor Ada Brenner"


def test_a_name_the_parse_hung_on_a_place_before_the_cue_speaks(
    any_analyzer: Analyzer,
) -> None:
    """`Alarmed by the unrest in Oregon, Senator Tom Hale, the minority leader, said
    ...`: the parser makes the senator an apposition of the state, and `said` has no
    subject; the name whose phrase ends right before the cue is its subject."""
    article = any_analyzer.analyze(
        "Alarmed by the unrest in Oregon, Senator Tom Hale, the minority leader, said that "
        "he spoke with Mr. Lane on Tuesday."
    )
    speaker, rule = speaker_and_rule(article, "he spoke with Mr. Lane")
    assert speaker is not None and "Tom Hale" in speaker
    assert rule == "speaker.subject"


def test_the_second_of_two_joined_names_is_no_lost_subject(any_analyzer: Analyzer) -> None:
    """`with hosts Tom Hale and Ada Brenner, the candidate stated ...`: the candidate
    speaks, not the second host the parse hung the candidate on."""
    article = any_analyzer.analyze(
        "In an interview with Morning Joe hosts Tom Hale and Ada Brenner, the Democratic "
        "presidential candidate stated that the port would stay open."
    )
    speaker, _ = speaker_and_rule(article, "the port would stay open")
    assert speaker is None or "Ada Brenner" not in speaker


def test_the_subject_of_a_participle_before_a_subjectless_cue_speaks(analyzer: Analyzer) -> None:
    """`But Sen. Ada Brenner (D-Ill.), noting ..., said, "..."`: the parser makes the
    senator the participle's subject (the participle the root, `said` a `parataxis` of
    it); she says the quotation, which is no longer the whole sentence. (With the
    models: the rules alone keep the `tell` quote inside it instead.)"""
    article = analyzer.analyze(
        "But Sen. Ada Brenner (D-Ill.), noting the size of Sanders's following, said, "
        '"Let me tell you, he\'s got a heck of an email list."'
    )
    (said,) = [a for a in article.attributions if a.cue is not None and a.cue.text == "said"]
    assert said.speaker is not None and "Ada Brenner" in said.speaker.text
    assert said.quote.text.startswith('"Let me tell you')


def test_the_subject_of_a_participle_hung_on_the_cue_speaks(analyzer: Analyzer) -> None:
    """The same with the participle an `advcl` of `said` that took the subject."""
    article = analyzer.analyze(
        "But Sen. Tom J. Hale (D-Ore.), noting the size of Lane's following, said, "
        '"Let me tell you, he\'s got a heck of an email list."'
    )
    (said,) = [a for a in article.attributions if a.cue is not None and a.cue.text == "said"]
    assert said.speaker is not None and "Tom J. Hale" in said.speaker.text
    assert [e.rule_id for e in said.evidence if e.step == "speaker"] == ["speaker.subject"]


def test_an_inverted_speaker_the_parse_gave_to_a_later_verb_speaks(
    any_analyzer: Analyzer,
) -> None:
    """`"...," said the woman, who like many ... did not want her name used.`: the
    parser makes `the woman` the subject of `want`; she said the quotation."""
    article = any_analyzer.analyze(
        '"One guy came in and said maybe we should start killing them if they are killing '
        'us," said the woman, who like many in the neighborhood did not want her name used.'
    )
    assert speaker_and_rule(article, "One guy came in") == ("the woman", "speaker.inverted")


def test_an_inverted_speaker_read_as_the_cues_object_speaks(any_analyzer: Analyzer) -> None:
    """`"...," tweeted another.`: `another` is the cue's object in the parse."""
    article = any_analyzer.analyze(
        '"Better watch out for illegal conduct by Lane," tweeted another.'
    )
    assert speaker_and_rule(article, "Better watch out") == ("another", "speaker.inverted")


def test_the_one_convinced_holds_the_view(any_analyzer: Analyzer) -> None:
    """`Not everyone is convinced the harbour will ...`: a cue of `passive_holders`
    (rules/speakers.toml) speaks through its passive subject, which the parser hung on
    `is`; before, the passive left the speaker unnamed."""
    article = any_analyzer.analyze(
        "Not everyone is convinced the harbour will play the same role in the election."
    )
    assert speaker_and_rule(article, "the same role") == ("Not everyone", "speaker.subject")


def test_the_one_told_is_still_no_speaker(any_analyzer: Analyzer) -> None:
    """`was told that ...`: `tell` is no verb of `passive_holders`; the mayor heard it."""
    article = any_analyzer.analyze("The mayor was told that the bridge would close in May.")
    assert speaker_and_rule(article, "the bridge would close")[0] is None


def test_the_ones_split_on_a_question_hold_the_views(analyzer: Analyzer) -> None:
    """`Harbour councillors are split on whether ...`: the second guess that takes the
    preposition's object as the content gives it the councillors too. (With the models:
    the rules alone propose no content for `split`.)"""
    article = analyzer.analyze(
        "Harbour councillors are split on whether they would vote for the new budget."
    )
    assert speaker_and_rule(article, "vote for the new budget") == (
        "Harbour councillors",
        "speaker.subject",
    )
