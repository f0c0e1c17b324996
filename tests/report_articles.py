"""Hand-made analysed articles for the report tests: our own text, every field set by hand.

`claims_article` has claim types, a dispute between two speakers, a disputed quote with
only a reason, a quote with no speaker and one below the review threshold; `hostile_article`
puts markup where article data goes (id, text, mention, resolved name, reason).
"""

from __future__ import annotations

from attribution.schema import Article, Attribution, ClaimType, Evidence, Mention, Quote, Span

CLAIMS_TEXT = "\n\n".join(
    [
        "Council Votes to Close Riverside Library",
        "The city council voted on Monday to close the Riverside library, the mayor’s office said.",
        "“The building is unsafe and repairs would cost more than a new one,” "
        "Mayor Ana Lindqvist said at a press conference.",
        "Librarian Tomás Ortega rejected that account. “I have worked here for eleven years "
        "and the inspectors never found a problem,” he said.",
        "According to a council report, repairs would cost 2.4 million euros.",
        "A resident who gave her name only as Jo said she had seen children reading there "
        "every afternoon.",
        "“We will appeal.”\n",
    ]
)


def span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def quote(text: str, needle: str, kind: str) -> Quote:
    s = span(text, needle)
    return Quote(s.start, s.end, s.text, kind)  # type: ignore[arg-type]


def mention(
    text: str, needle: str, name: str | None, entity: int, kind: str = "name", after: int = 0
) -> Mention:
    s = span(text, needle, after)
    return Mention(s.start, s.end, s.text, name, entity, kind)


def att(
    q: Quote,
    cue: Span | None,
    speaker: Mention | None,
    confidence: float,
    claim: ClaimType | None,
    disputed: bool | None = None,
    reason: str | None = None,
    disputes: tuple[int, ...] = (),
    disputed_by: tuple[int, ...] = (),
) -> Attribution:
    evidence = (
        Evidence("quote", "rule", "cue.clause", confidence, cue.text if cue else ""),
        Evidence("claim_type", "model", "claims.joblib", 0.91, ""),
    )
    return Attribution(
        q,
        cue,
        speaker,
        confidence,
        "cue.clause",
        evidence,
        claim,
        disputed,
        reason,
        disputes,
        disputed_by,
    )


def claims_article() -> Article:
    t = CLAIMS_TEXT
    said = t.index("said")
    return Article(
        "riverside-library",
        t,
        (
            att(
                quote(
                    t, "The city council voted on Monday to close the Riverside library", "indirect"
                ),
                span(t, "said"),
                mention(t, "the mayor’s office", "the Mayor’s Office", 1, "nominal"),
                0.85,
                "official_statement",
                disputed=False,
            ),
            att(
                quote(
                    t,
                    "“The building is unsafe and repairs would cost more than a new one,”",
                    "direct",
                ),
                span(t, "said", said + 1),
                mention(t, "Mayor Ana Lindqvist", "Ana Lindqvist", 2),
                0.85,
                "official_statement",
                disputed=True,
                reason="Tomás Ortega rejected that account",
                disputed_by=(2,),
            ),
            att(
                quote(
                    t,
                    "“I have worked here for eleven years and the inspectors never found a "
                    "problem,”",
                    "direct",
                ),
                span(t, "said", t.index("problem")),
                mention(t, "he", "Tomás Ortega", 3, "pronoun", after=t.index("problem")),
                0.85,
                "personal_account",
                disputed=False,
                disputes=(1,),
            ),
            att(
                quote(t, "repairs would cost 2.4 million euros", "indirect"),
                span(t, "According to"),
                mention(t, "a council report", "the council report", 4, "nominal"),
                0.9,
                "other",
            ),
            att(
                quote(t, "she had seen children reading there every afternoon", "indirect"),
                span(t, "said", t.index("only as Jo")),
                mention(t, "A resident who gave her name only as Jo", "Jo", 5, "nominal"),
                0.55,
                "personal_account",
                disputed=False,
            ),
            att(quote(t, "“We will appeal.”", "direct"), None, None, 0.6, None),
        ),
        meta={"attribution": "test", "method": "hand-made", "chars": len(t)},
    )


HOSTILE_ID = '"><img src=x onerror="window.__xss=1">'
HOSTILE_TEXT = (
    "Markup <b>is</b> text & stays text\n\n"
    "“<script>window.__xss = 2</script> is not code,” said "
    'Eve "><img src=x onerror="window.__xss=3">.\n\n'
    "Mallory said the plan was ‘fine’ & fair.\n"
)
HOSTILE_NAME = '<svg onload="window.__xss=4">'
HOSTILE_REASON = "</td></tr></table><script>window.__xss = 5</script>"


def hostile_article() -> Article:
    t = HOSTILE_TEXT
    return Article(
        HOSTILE_ID,
        t,
        (
            att(
                quote(t, "“<script>window.__xss = 2</script> is not code,”", "direct"),
                span(t, "said"),
                mention(t, 'Eve "><img src=x onerror="window.__xss=3">', HOSTILE_NAME, 1),
                0.85,
                "other",
                disputed=True,
                reason=HOSTILE_REASON,
                disputed_by=(1,),
            ),
            att(
                quote(t, "the plan was ‘fine’ & fair", "indirect"),
                span(t, "said", t.index("Mallory")),
                mention(t, "Mallory", "Mallory", 2),
                0.85,
                "official_statement",
                disputed=False,
                disputes=(0,),
            ),
        ),
    )
