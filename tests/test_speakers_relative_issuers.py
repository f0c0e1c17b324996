"""A `that` or `which` clause whose cue describes a thing the sentence's subject put out
(`ran a piece that noted`, a verb of `issuing_verbs` in `rules/speakers.toml`) gives the
quote to that subject (`speaker.issuer`), as a participle does (`issued a statement
saying`). A thing only held or cited keeps its words (`speaker.relative`). The message
a participle the parse hung on its addressees describes is its sender's too (`a text
message to supporters saying`). Written sentences."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_inherited_things import rule_of
from tests.test_speakers_subjects import speaker_of


def test_a_piece_the_paper_ran(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        'The Harbour Gazette recently ran a piece that noted the bridge "would cost twice as '
        'much as promised."'
    )
    assert speaker_of(article, "would cost twice") == "The Harbour Gazette"
    assert rule_of(article, "would cost twice") == "speaker.issuer"


def test_a_sign_held_up_keeps_its_words(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        'Ms. Ortiz held up a sign which read "Farmers for Lorne" and waved it at the crowd.'
    )
    assert speaker_of(article, "Farmers for Lorne") == "which"
    assert rule_of(article, "Farmers for Lorne") == "speaker.relative"


def test_a_report_cited_keeps_its_words(rules_only: Analyzer) -> None:
    article = rules_only.analyze(
        'The mayor cited a report that says the river "is cleaner than in 1990."'
    )
    assert speaker_of(article, "is cleaner than in 1990") == "that"
    assert rule_of(article, "is cleaner than in 1990") == "speaker.relative"


def test_a_message_sent_to_supporters(any_analyzer: Analyzer) -> None:
    """`sent out a text message to supporters saying`: the parse hangs `saying` on the
    supporters; the message says, and the campaign that sent it (`speaker.issuer`)."""
    article = any_analyzer.analyze(
        "The count ended at midnight. His campaign sent out a text message to supporters "
        'saying: "We won the county by forty votes."'
    )
    assert speaker_of(article, "We won the county") == "His campaign"
    assert rule_of(article, "We won the county") == "speaker.issuer"
