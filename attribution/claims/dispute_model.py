"""The disputed classifier: a `DictVectorizer` and a two-class `LogisticRegression`.

Stored like the claim-type model (`claim_model.JsonModel`: plain JSON weights and
metadata, nothing executed on load) in `disputed.json`, with the probability threshold
chosen by cross-validation over documents. Its features are `dispute_features`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from attribution.claims.links import Dispute
from attribution.claims.model import Features, JsonModel
from attribution.schema import Evidence

DISPUTE_MODEL_FILE = "disputed.json"
DISPUTED = "disputed"
UNDISPUTED = "undisputed"
EXPLAIN_FEATURES = 3


@dataclass
class DisputeModel(JsonModel):
    """A fitted disputed pipeline; a claim is disputed when its probability reaches
    `threshold`, or `unsignalled_threshold` when no dispute rule fired on it (the model
    must then be surer: only the article around it speaks for a dispute)."""

    threshold: float = 0.5
    unsignalled_threshold: float = 0.5

    file_name: ClassVar[str] = DISPUTE_MODEL_FILE
    labels: ClassVar[tuple[str, ...]] = (DISPUTED, UNDISPUTED)
    model_format: ClassVar[int] = 1
    feature_version: ClassVar[int] = 2
    kind: ClassVar[str] = "disputed"

    def scores(self, rows: Sequence[Features]) -> list[float]:
        """Each row's probability of being disputed."""
        if not rows:
            return []
        probs = self._scorer.predict_proba(rows)
        return [float(p) for p in probs[:, self.classes.index(DISPUTED)]]

    def explain(self, row: Features) -> str:
        """The features that push this row most towards disputed (for the evidence)."""
        sign = 1.0 if self.classes[1] == DISPUTED else -1.0
        known = self._scorer.weights
        weights = {
            name: sign * float(known[name]) * float(value)
            for name, value in row.items()
            if name in known
        }
        top = sorted((w, n) for n, w in weights.items() if w > 0)[::-1][:EXPLAIN_FEATURES]
        return ", ".join(n for _, n in top)

    def to_json(self, *, min_weight: float = 1e-4) -> dict[str, Any]:
        data = super().to_json(min_weight=min_weight)
        data["threshold"] = self.threshold
        data["unsignalled_threshold"] = self.unsignalled_threshold
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "") -> Self:
        model = super().from_json(data, source)
        model.threshold = float(data.get("threshold", 0.5))
        model.unsignalled_threshold = float(data.get("unsignalled_threshold", model.threshold))
        return model


# Rule reasons that say what the guideline defines as disputed, whatever the classifier
# thinks: a denial, the article's own verdict, a claim it says is unsupported, an
# accusation the accused answers; and the rules for the answer to an accusation and for
# two accounts of one event that cannot both hold.
DEFINITIONAL_DISPUTES = ("denial", "fact_check", "no_evidence", "accusation")
DEFINITIONAL_RULES = ("dispute.counter_account", "dispute.answers_accusation")
MODEL_REASON = "rebuttal"


@dataclass(frozen=True)
class DisputeDecision:
    """The final disputed flag of one attribution, its reason, and the model's evidence."""

    disputed: bool
    reason: str | None
    evidence: tuple[Evidence, ...] = ()


def definitional(d: Dispute) -> bool:
    """Whether the rules alone decide this attribution is disputed."""
    return d.reason in DEFINITIONAL_DISPUTES or any(
        e.rule_id in DEFINITIONAL_RULES for e in d.evidence
    )


def decide_disputes(
    model: DisputeModel, disputes: Sequence[Dispute], rows: Sequence[Features]
) -> list[DisputeDecision]:
    """Definitional rules first; the classifier for the rest. A claim the model flags keeps
    the rules' reason when a rule fired, else it is a `rebuttal` (one side of an exchange
    the rules did not pin down); a rule signal the model overrules leaves it undisputed."""
    out = []
    for d, row, score in zip(disputes, rows, model.scores(rows), strict=True):
        reason = d.reason
        if definitional(d):
            out.append(DisputeDecision(True, reason))
            continue
        ev = Evidence("disputed", "model", model.file_name, round(score, 4), model.explain(row))
        if score >= (model.threshold if reason else model.unsignalled_threshold):
            out.append(DisputeDecision(True, reason or MODEL_REASON, (ev,)))
        else:
            out.append(DisputeDecision(False, None, (ev,)))
    return out
