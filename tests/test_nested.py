"""The outer source of a nested attribution (attribution/extract/nested.py), on written
sentences, through the trained classifiers: there the cue's own candidate is kept and
its speaker is the one to mend (the rules alone keep the `according to` candidate)."""

from __future__ import annotations

from attribution import Analyzer, Article


def speaker_of(article: Article, words: str) -> tuple[str | None, list[str]]:
    (found,) = [a for a in article.attributions if words in a.quote.text]
    rules = [e.rule_id for e in found.evidence if e.step == "speaker"]
    return (found.speaker.text if found.speaker else None), rules


def test_said_according_to_a_paper_stays_the_named_speakers(analyzer: Analyzer) -> None:
    """Brenner said it; the paper is only where the writer read it."""
    article = analyzer.analyze(
        "Mayor Ada Brenner met the strikers on Monday.\n\n"
        "“I will not sign this budget,” Brenner said, according to the Harbour Gazette."
    )
    speaker, rules = speaker_of(article, "sign this budget")
    assert speaker == "Brenner" and "speaker.outer_source" not in rules


def test_an_unnamed_speaker_according_to_a_paper_is_the_papers(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "The port lost money again this winter.\n\n"
        "“The cranes were idle for half of the season,” the review said, according to "
        "the Harbour Gazette."
    )
    assert speaker_of(article, "cranes were idle") == (
        "the Harbour Gazette",
        ["speaker.outer_source"],
    )


def test_a_source_inside_the_reported_words_leaves_the_speaker(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "Mayor Ada Brenner said on Monday that the port, according to the latest figures, "
        "had lost money every winter."
    )
    speaker, rules = speaker_of(article, "lost money every winter")
    assert speaker == "Mayor Ada Brenner" and rules != ["speaker.outer_source"]


def test_a_cue_hung_inside_a_reported_clause_is_the_reporters(any_analyzer: Analyzer) -> None:
    """The parse hangs `saying` on `keep`, whose subject is `a new registry`."""
    article = any_analyzer.analyze(
        "Mayor Tom Hale argued that a new registry would keep the streets safe, saying it "
        "was “all about order.”"
    )
    assert speaker_of(article, "all about order") == ("Mayor Tom Hale", ["speaker.reporter"])


def test_a_person_inside_the_reported_clause_gives_way_to_the_reporter(
    any_analyzer: Analyzer,
) -> None:
    """`Varga said Hale had misread the report and called it ...`: the parse hangs
    `called` inside the clause `said` reports; the councillor who reports it called it
    so, not the mayor she reports on."""
    article = any_analyzer.analyze(
        "Councillor Ines Varga said Mayor Tom Hale had misread the harbour report and called "
        "it “a disgrace to the city.”"
    )
    speaker, rules = speaker_of(article, "a disgrace to the city")
    assert (speaker, rules) == ("Councillor Ines Varga", ["speaker.reporter"])


def test_a_reporter_named_by_role_takes_the_cue_from_a_name(any_analyzer: Analyzer) -> None:
    """`The port director said Mayor Lorne had approved ... and promised`: a role of
    `rules/speakers.toml` reports on the mayor, and promised it himself."""
    article = any_analyzer.analyze(
        "The port director said Mayor Ada Lorne had approved the dredging plan and promised "
        "that the cranes would return by spring."
    )
    speaker, rules = speaker_of(article, "cranes would return")
    assert (speaker, rules) == ("The port director", ["speaker.reporter"])


def test_a_statement_saying_speaks_for_whoever_put_it_out(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "Senator Paul Vance voted against the bill. His office put out a statement saying "
        "the program “does not have the money to vet every applicant.”"
    )
    assert speaker_of(article, "vet every applicant") == ("His office", ["speaker.issuer"])


def test_a_kind_of_document_before_it_is_no_owner(any_analyzer: Analyzer) -> None:
    """`press` says what the release is, not whose: the board sent it out."""
    article = any_analyzer.analyze(
        "On Monday the harbour board sent out a press release saying that “the cranes will "
        "be back by spring.”"
    )
    assert speaker_of(article, "cranes will be back") == ("the harbour board", ["speaker.issuer"])


def test_a_name_before_a_document_is_its_owner(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The mayor released a Harbour Party memo saying that “the port is finished.”"
    )
    assert speaker_of(article, "port is finished")[1] != ["speaker.issuer"]


def test_a_thing_that_cannot_speak_speaks_for_its_maker(rules_only: Analyzer) -> None:
    """A story does not detail; the paper that published it does."""
    article = rules_only.analyze(
        "The Harbour Post published a story detailing how the port board “hid the losses "
        "for years.”"
    )
    assert speaker_of(article, "hid the losses") == ("The Harbour Post", ["speaker.issuer"])


def test_a_chance_to_show_is_whoever_has_it(rules_only: Analyzer) -> None:
    """An infinitive on a thing is what someone means to do with it: the chance cannot
    show anything; the mayor who has it means to."""
    article = rules_only.analyze(
        "At the harbour meeting on Monday, Mayor Ana Ortiz has a rare chance to show that "
        "the port can reopen by spring."
    )
    assert speaker_of(article, "port can reopen") == ("Mayor Ana Ortiz", ["speaker.issuer"])


def test_a_thing_that_shows_keeps_its_words(rules_only: Analyzer) -> None:
    """A chart can show: `showing` is an evidence cue, so the chart stays the source."""
    article = rules_only.analyze(
        "The mayor cited a chart showing that “most residents want the port open.”"
    )
    assert speaker_of(article, "most residents")[1] != ["speaker.issuer"]


def test_a_statement_the_subject_spoke_in_is_the_subjects(any_analyzer: Analyzer) -> None:
    """`hit back in a statement saying`: the board spoke in the statement, so it said it."""
    article = any_analyzer.analyze(
        "The harbour board hit back on Friday in a statement saying that the cranes were safe."
    )
    assert speaker_of(article, "cranes were safe") == ("The harbour board", ["speaker.issuer"])


def test_a_letter_the_subject_answered_is_not_the_subjects(any_analyzer: Analyzer) -> None:
    """`responded to a letter saying`: the letter's writer said it, not the board."""
    article = any_analyzer.analyze(
        "The harbour board responded on Friday to a letter saying that the cranes were unsafe."
    )
    assert speaker_of(article, "cranes were unsafe") == ("a letter", ["speaker.acl"])


def test_a_share_of_voters_in_a_poll_speaks_through_the_poll(any_analyzer: Analyzer) -> None:
    """`In a poll ..., 38 percent of voters said`: the share was counted in the poll."""
    article = any_analyzer.analyze(
        "In a Harbour Post poll released Monday, 38 percent of voters said the port should close."
    )
    assert speaker_of(article, "port should close") == (
        "a Harbour Post poll",
        ["speaker.outer_source"],
    )


def test_one_of_the_lawyers_in_a_statement_is_no_share(any_analyzer: Analyzer) -> None:
    """`one of the port's lawyers` is a person, not a share of those polled."""
    article = any_analyzer.analyze(
        "In a statement on Monday, one of the port's lawyers said the cranes were safe."
    )
    assert speaker_of(article, "cranes were safe") == (
        "one of the port's lawyers",
        ["speaker.subject"],
    )


def test_a_deed_as_a_paper_reported_is_the_papers(analyzer: Analyzer) -> None:
    """`As the Gazette reported, the council was refusing to ...`: the refusal is what
    the paper reported, not words of the council."""
    article = analyzer.analyze(
        "As the Harbour Gazette reported on Monday, the city council was refusing to call "
        "the closure of the bridge a failure."
    )
    speaker, rules = speaker_of(article, "closure of the bridge")
    assert speaker == "Gazette" and rules == ["speaker.as_source"]


def test_an_as_source_after_the_sentence_is_its_source(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "The ministry issued new rules to the port operators last week, as Reuters first reported."
    )
    assert speaker_of(article, "new rules") == ("Reuters", ["speaker.as_source"])


def test_someone_who_said_it_as_a_paper_noted_keeps_the_words(any_analyzer: Analyzer) -> None:
    """`As the Gazette noted, Mayor Ruiz said ...`: the mayor said it."""
    article = any_analyzer.analyze(
        "As the Harbour Gazette noted, Mayor Ana Ruiz said the bridge would open in May."
    )
    assert speaker_of(article, "bridge would open") == ("Mayor Ana Ruiz", ["speaker.subject"])


def test_as_someone_spoke_tells_when_not_who(any_analyzer: Analyzer) -> None:
    """`speak` is no verb of `as_source_verbs`: `As the mayor spoke` tells when."""
    article = any_analyzer.analyze(
        "As the mayor spoke, the dock workers refused to leave the square."
    )
    found = [a for a in article.attributions if "leave the square" in a.quote.text]
    for a in found:
        assert all(e.rule_id != "speaker.as_source" for e in a.evidence)


def test_quoted_words_as_a_paper_reported_stay_the_speakers(analyzer: Analyzer) -> None:
    """`promoted` tells no words, but the ones in quotation marks are Hale's."""
    article = analyzer.analyze(
        "As the Harbour Gazette reported, Councillor Tom Hale even promoted the plan as "
        '"the best deal in a generation."'
    )
    speaker, rules = speaker_of(article, "best deal")
    assert speaker == "Councillor Tom Hale" and "speaker.as_source" not in rules
