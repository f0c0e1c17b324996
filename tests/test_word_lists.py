"""Word lists that were Python sets, now read from rules/ (names.toml, speakers.toml,
cues.toml, claims.toml, disputes.toml): loaded, validated with file and line, and
overridden by a user's rules folder like the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attribution import Analyzer
from attribution.evaluation.gold import GoldQuote
from attribution.evaluation.metrics import name_right
from attribution.ruleset.loader import (
    Rules,
    RulesError,
    bundled_rules_dir,
    load_names,
    load_rules,
)
from attribution.schema import Attribution, Mention, Quote


def test_the_lists_load_as_they_were(rules: Rules) -> None:
    assert rules.words.not_third_person == {"i", "we", "you"}
    assert rules.words.first_person == ("i", "we", "my", "our", "me", "us")
    assert "there" in rules.words.unlikely_speakers
    assert "against" in rules.words.object_prepositions
    assert rules.words.after_object == {"about", "on", "of"}
    assert rules.words.empty_determiners == {"no"}
    assert rules.words.question_marks == {"if", "whether"}
    assert {"allegation", "criticism", "proposal"} <= rules.words.cue_nouns
    assert {"of", "about", "for", "to"} <= rules.words.noun_prepositions
    assert {"jr", "sr", "ii", "iii", "iv"} <= rules.name_suffixes
    assert {"kc", "qc", "mp"} <= rules.name_suffixes  # post-nominal letters (qa11)
    assert rules.pronouns_of("female") == {"she", "her", "hers", "herself"}
    claims = rules.claims
    assert claims.person_pronouns == {"he", "she", "i", "him", "her", "me", "who", "whom"}
    assert claims.first_person_speakers == {"i", "we"}
    assert {"citizen", "local"} <= claims.generic
    assert {"n't", "never", "without"} <= claims.negations


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copyfile(bundled_rules_dir() / name, folder / name)
    return folder / name


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line(path: Path, needle: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("name", "old", "new", "at", "words"),
    [
        (
            "speakers.toml",
            'not_third_person = ["i", "we", "you"]',
            'not_third_person = ["i", "we", "you"]\nthird_person = ["he"]',
            "third_person",
            "unknown list 'third_person' in [word_sets]",
        ),
        ("cues.toml", "after_object = ", "after_noun = ", "after_noun", "unknown list"),
        ("names.toml", "[suffixes]", "[suffix]", None, "expected a [suffixes] table"),
        (
            "claims.toml",
            'first_person_speakers = ["i", "we"]',
            'first_person_speakers = "i"',
            "first_person_speakers",
            "'first_person_speakers' must be a list of non-empty strings",
        ),
        ("disputes.toml", "[negation]", "[negations]", "[negations]", "expected a [negation]"),
    ],
)
def test_a_broken_list_names_its_file_and_line(
    tmp_path: Path, name: str, old: str, new: str, at: str | None, words: str
) -> None:
    path = _copy(tmp_path, name)
    _edit(path, old, new)
    with pytest.raises(RulesError) as err:
        load_rules(path.parent)
    message = str(err.value)
    line = 1 if at is None else _line(path, at)
    assert message.startswith(f"{path}:{line}: ")
    assert words in message


SURNAME_AFTER_SUFFIX = (
    "The county treasurer, Owen Tallis Jr., closed the audit on Monday. "
    "Tallis said the accounts had balanced for the first time in years."
)


def test_name_suffixes_come_from_the_rules_folder(tmp_path: Path, rules_only: Analyzer) -> None:
    # With `jr` a suffix, `Tallis` is the surname of Owen Tallis Jr.: the surname
    # component makes the lone `Tallis` (tagged ORG) a person, resolved to his name.
    (quote,) = rules_only.analyze(SURNAME_AFTER_SUFFIX).attributions
    assert quote.speaker is not None and quote.speaker.name == "Owen Tallis Jr."
    names = _copy(tmp_path, "names.toml")
    _edit(names, 'generational = ["jr", ', "generational = [")
    edited = Analyzer(use_model=False, rules_dir=names.parent)
    (quote,) = edited.analyze(SURNAME_AFTER_SUFFIX).attributions
    assert quote.speaker is not None and quote.speaker.name == "Tallis"


def _said_by(name: str) -> Attribution:
    return Attribution(Quote(0, 4, "text", "direct"), None, Mention(0, 1, "x", name), 1.0, "r")


def test_evaluation_compares_names_by_the_names_rules(tmp_path: Path) -> None:
    gold = GoldQuote(content=((0, 4),), speaker_name="Sen. Reid")
    assert name_right(gold, _said_by("Harry Reid")) is True
    assert name_right(GoldQuote(content=((0, 4),), speaker_name="she"), _said_by("X")) is None
    names = _copy(tmp_path, "names.toml")
    _edit(names, '"dr", "sen", "rep"', '"dr", "rep"')
    assert name_right(gold, _said_by("Harry Reid"), load_names(names.parent)) is False
