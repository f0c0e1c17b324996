"""Speaker names as names (attribution/speakers/names.py, resolver.py): no headline words,
epithets or column headers in a resolved name; the speaker key across articles; the
speaker-name rule file's validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution import Analyzer, Article
from attribution.extract.syntax import mention_range
from attribution.extract.table import table_of
from attribution.ruleset.files import RulesError
from attribution.ruleset.loader import Rules, bundled_rules_dir, load_rules
from attribution.speakers.entities import Entities
from attribution.speakers.names import (
    headline_cut,
    is_column_header,
    person_name,
    speaker_key,
)


def names_of(article: Article) -> list[str | None]:
    return [a.speaker.name if a.speaker else None for a in article.attributions]


def keys_of(article: Article) -> dict[str, str | None]:
    return {a.speaker.text: a.speaker.key for a in article.attributions if a.speaker}


def test_headline_verb_ends_a_name(rules: Rules) -> None:
    assert headline_cut(["Obama", "Says"], rules) == ["Obama"]
    assert headline_cut(["Trump", "Warns", "Clinton"], rules) == ["Trump"]
    assert headline_cut(["Glenn", "Beck", "Rips"], rules) == ["Glenn", "Beck"]
    # a lowercase word is no headline, and the first word is never cut
    assert headline_cut(["Calls", "Smith"], rules) == ["Calls", "Smith"]
    assert headline_cut(["Anna", "says"], rules) == ["Anna", "says"]


def test_epithets_are_not_part_of_a_name(rules: Rules) -> None:
    assert person_name(["Crooked", "Hillary", "Clinton"], rules) == ["Hillary", "Clinton"]
    assert person_name(["Derelict", "Obama"], rules) == ["Obama"]
    assert person_name(["Cornell", "William", "Brooks"], rules) == ["Cornell", "William", "Brooks"]


def test_column_headers(rules: Rules) -> None:
    assert is_column_header("The Latest", rules)
    assert is_column_header("THE LATEST:", rules)
    assert not is_column_header("The Latest poll", rules)


def test_speaker_key_rule(rules: Rules) -> None:
    obama = {speaker_key(n, "person", rules) for n in ("Barack Obama", "Obama", "President Obama")}
    assert obama == {"barack obama"}
    assert speaker_key("Hillary Clinton", "person", rules) == "hillary clinton"
    assert speaker_key("Bill Clinton", "person", rules) == "bill clinton"
    assert speaker_key("Charles E. Grassley Jr.", "person", rules) == "charles grassley"
    assert speaker_key("Óscar Pérez", "person", rules) == "oscar perez"
    assert speaker_key("the Interior Ministry", "org", rules) == "interior ministry"
    assert speaker_key(None, "person", rules) is None


def test_headline_and_epithet_words_leave_the_resolved_name(analyzer: Analyzer) -> None:
    text = (
        "Obama Says Museum Tells a Story of Hope\n\n"
        "WASHINGTON — President Obama opened the museum on Saturday.\n\n"
        "“This is the story of America,” the president said.\n\n"
        "Crooked Hillary Clinton will lose, the Republican nominee told a rally.\n\n"
        "Rival Hillary Clinton said that the race was close.\n\n"
        "“We will win,” Clinton said."
    )
    article = analyzer.analyze(text)
    names = [n for n in names_of(article) if n]
    assert names and all("Says" not in n and "Crooked" not in n for n in names)
    assert "Hillary Clinton" in names


def test_column_header_is_not_a_speaker(analyzer: Analyzer) -> None:
    text = (
        "The Latest: Mayor says the bridge will reopen\n\n"
        "The Latest on the bridge closure (all times local):\n\n"
        "Mayor Ana Ruiz said the bridge would reopen on Friday."
    )
    names = names_of(analyzer.analyze(text))
    assert "The Latest" not in names
    assert "Ana Ruiz" in names


def test_speaker_key_across_articles(analyzer: Analyzer) -> None:
    first = analyzer.analyze(
        "President Barack Obama spoke in Ohio.\n\n"
        "“Jobs are coming back,” Obama said.\n\n"
        "Hillary Clinton said that she agreed with him."
    )
    second = analyzer.analyze(
        "Obama said the economy was improving.\n\n"
        "Former President Bill Clinton said that the plan would work."
    )
    k1, k2 = keys_of(first), keys_of(second)
    assert k1["Obama"] == k2["Obama"] == "barack obama"
    assert k1["Hillary Clinton"] == "hillary clinton"
    assert k2["Former President Bill Clinton"] == "bill clinton"


def test_surname_joins_the_full_name_of_its_article(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "Senator Maria Okafor visited the harbour on Monday.\n\n“The strike must end,” Okafor said."
    )
    okafor = [a.speaker for a in article.attributions if a.speaker and a.speaker.text == "Okafor"]
    assert okafor and okafor[0].name == "Maria Okafor" and okafor[0].key == "maria okafor"


def _rules_dir(tmp_path: Path, body: str) -> Path:
    (tmp_path / "speaker_names.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_speaker_names_file_errors_name_file_and_line(tmp_path: Path) -> None:
    body = '[epithets]\nwords = ["crooked"]\n\n[headline_verb]\nwords = []\n'
    folder = _rules_dir(tmp_path, body)
    with pytest.raises(
        RulesError, match=r"speaker_names.toml:4: unknown table 'headline_verb'"
    ) as err:
        load_rules(folder)
    assert "headline_verbs" in str(err.value) and "body_roles" in str(err.value)
    folder = _rules_dir(tmp_path, '[epithets]\nwords = ["crooked", 3]\n')
    with pytest.raises(RulesError, match=r"speaker_names.toml:2: 'words' must be a list"):
        load_rules(folder)
    folder = _rules_dir(tmp_path, '[column_headers]\nwords = ["the latest"]\n')
    with pytest.raises(RulesError, match=r"speaker_names.toml:2: unknown key 'words'"):
        load_rules(folder)


def test_bundled_speaker_names_file_loads() -> None:
    assert (bundled_rules_dir() / "speaker_names.toml").is_file()
    names = load_rules().names
    assert "crooked" in names.epithets and "says" in names.headline_verbs
    assert "the latest" in names.column_headers and "video" in names.recordings


def test_a_headline_taken_for_a_speaker_label_is_cut_to_its_speaker(analyzer: Analyzer) -> None:
    text = (
        "Senator Ana Ruiz spoke to farmers in Iowa on Monday.\n\n"
        "Ruiz: Farm Bill Says Too Little On Water\n\n"
        "Ruiz said that the bill would hurt farmers."
    )
    names = [n for n in names_of(analyzer.analyze(text)) if n]
    assert names and all("Says" not in n for n in names)


def test_a_surname_tagged_as_a_place_is_the_person_named_in_full(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "Manhattan Supreme Court Justice Frank Nervo rejected the request on Thursday.\n\n"
        "“The court will not take sides,” Nervo wrote."
    )
    assert keys_of(article)["Nervo"] == "frank nervo"


def test_a_title_alone_is_no_name(analyzer: Analyzer) -> None:
    """`Senator from Ohio`: the senator named before, or the title as written, never a
    person called `Senator` with a key of their own."""
    named = analyzer.analyze(
        "Sen. Maria Okafor spoke at the harbour on Monday.\n\n"
        "Senator from Ohio said that the plan would fail."
    )
    assert keys_of(named)["Senator"] == "maria okafor"
    unnamed = analyzer.analyze(
        "Maria Okafor spoke at the harbour on Monday.\n\n"
        "Senator from Ohio said that the plan would fail."
    )
    assert keys_of(unnamed)["Senator"] is None
    assert names_of(unnamed)[-1] == "Senator"


def test_entity_name_words_drop_the_suffix_and_are_read_once(
    analyzer: Analyzer, rules: Rules
) -> None:
    doc = analyzer.nlp("Ada Eze Jr. said the pier was closed.")
    table = Entities(doc, rules, doc.text)
    words = table.name_words("Ada G. Eze Jr.")
    assert words == ["ada", "g.", "eze"]
    assert table.name_words("Ada G. Eze Jr.") is words
    assert table.name_words("Eze") == ["eze"]


def test_a_role_noun_the_ner_took_into_a_name_leaves_it(analyzer: Analyzer) -> None:
    """The NER reads `Farmer Carl Diaz` as one person; his name is `Carl Diaz`. A
    two-word name keeps both words (`Farmer Brown` may be all the article gives)."""
    article = analyzer.analyze(
        "Farmer Carl Diaz said that the river had flooded his fields twice this year."
    )
    assert names_of(article) == ["Carl Diaz"]


def test_entities_anywhere_are_ranked_by_their_last_mention(
    analyzer: Analyzer, rules: Rules
) -> None:
    doc = analyzer.nlp("Ada Eze said the pier was closed.")
    table = Entities(doc, rules, doc.text)
    ada, ben, cy, never = (table.new(n, "person") for n in ("Ada", "Ben", "Cy", "Dee"))
    for pos, e in [(5, ada), (9, ben), (9, cy), (20, ada), (3, cy)]:
        table.seen(e, pos)
    assert [e.name for e in table.recent_first(None)] == ["Ada", "Cy", "Ben"]
    assert [e.name for e in table.recent_first(10)] == ["Cy", "Ben", "Ada"]
    for pos in range(100, 140):  # more mentions than twice the entities: the long path
        table.seen(ben, pos)
    table.seen(never, 50)
    assert [e.name for e in table.recent_first(None)] == ["Ben", "Dee", "Ada", "Cy"]
    assert [e.name for e in table.recent_first(99)] == ["Dee", "Ada", "Cy", "Ben"]


def test_a_surname_is_the_person_mentioned_most_then_last(analyzer: Analyzer, rules: Rules) -> None:
    """`match_person` and `named_surname` rank only the people that fit, by their last
    mention; a person never mentioned is not found."""
    doc = analyzer.nlp("Ada Eze said the pier was closed.")
    table = Entities(doc, rules, doc.text)
    ada, bo = table.new("Ada Eze", "person"), table.new("Bo Eze", "person")
    table.new("Cy Eze", "person")
    table.seen(ada, 5)
    table.seen(bo, 9)
    assert table.match_person(["Eze"]) is bo
    assert table.named_surname(["Eze"]) is bo
    table.seen(ada, 2)
    assert table.match_person(["Eze"]) is ada
    assert table.named_surname(["Eze"]) is bo
    assert table.match_person(["Ada", "Eze"]) is bo  # not told apart by unknown names
    assert table.match_person(["Ada", "Eze"], tagged=True) is ada
    assert table.match_person(["Dee", "Oduya"]) is None


def test_entities_mention_range_is_the_syntax_one_read_once(
    analyzer: Analyzer, rules: Rules
) -> None:
    doc = analyzer.nlp(
        "Perez, who chairs the port board, said the pier was closed, officials said."
    )
    table = Entities(doc, rules, doc.text)
    for tok in doc:
        assert table.mention_range(tok) == mention_range(tok)
    assert table.mention_range(doc[0]) == (0, 1)
    assert table_of(doc).mentions[0] is table.mention_range(doc[0])
