"""Data models: questionnaires (the public TOML format) and workspace records.

Questionnaire models are strict (no type coercion, unknown keys rejected) because
they are a format people edit by hand: a misspelt key or weight = "20" must be
an error, never silently accepted.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, Field(min_length=1)]
Weight = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)]

SEVERITIES = ("critical", "high", "medium", "low")
Severity = Literal["critical", "high", "medium", "low"]
STATUSES = ("ok", "negotiate", "missing", "na")
Status = Literal["ok", "negotiate", "missing", "na"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Criterion(_Strict):
    id: Id
    title: Text
    weight: Weight
    guidance: Text
    rubric: dict[str, Text]
    knockout_below: Score | None = None
    # The question as the vendor reads it in an RFP pack; title and guidance are
    # written for evaluators (guidance names red flags the vendor should not see).
    ask: Text | None = None

    def anchor(self, score: int) -> str | None:
        """The rubric text anchored at this score, if the rubric has one."""
        return self.rubric.get(str(score))


class Category(_Strict):
    id: Id
    title: Text
    weight: Weight
    description: str = ""
    criteria: list[Criterion] = Field(min_length=1)


class Scorecard(_Strict):
    id: Id
    title: Text
    version: Text
    kind: Literal["scorecard"]
    description: str = ""
    categories: list[Category] = Field(min_length=1)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def criteria(self) -> list[Criterion]:
        return [c for cat in self.categories for c in cat.criteria]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return _index(self, "criteria", lambda: {c.id: c for c in self.criteria()}).get(criterion_id)

    def category_of(self, criterion_id: str) -> Category | None:
        return _index(self, "category_of",
                      lambda: {c.id: cat for cat in self.categories for c in cat.criteria}).get(criterion_id)


def _index(model: BaseModel, name: str, build):  # type: ignore[no-untyped-def]
    """A lookup table cached on a frozen model (kept outside its pydantic fields)."""
    key = f"_index_{name}"
    table = model.__dict__.get(key)
    if table is None:
        table = model.__dict__[key] = build()
    return table


class LegalItem(_Strict):
    id: Id
    requirement: Text
    source: Text
    severity: Severity
    red_flag: Text
    title: str = ""
    applies_when: str | None = None
    guidance: str = ""
    ask: Text | None = None  # vendor-facing wording for an RFP pack (see Criterion.ask)

    @property
    def label(self) -> str:
        """Short text for lists: the title, else the start of the requirement."""
        if self.title:
            return self.title
        text = self.requirement
        return text if len(text) <= 60 else text[:57].rstrip() + "..."


class LegalArea(_Strict):
    id: Id
    title: Text
    description: str = ""
    items: list[LegalItem] = Field(min_length=1)


class LegalChecklist(_Strict):
    id: Id
    title: Text
    version: Text
    kind: Literal["legal"]
    description: str = ""
    areas: list[LegalArea] = Field(min_length=1)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def items(self) -> list[LegalItem]:
        return [i for area in self.areas for i in area.items]

    def item(self, item_id: str) -> LegalItem | None:
        return _index(self, "items", lambda: {i.id: i for i in self.items()}).get(item_id)

    def area_of(self, item_id: str) -> LegalArea | None:
        return _index(self, "area_of", lambda: {i.id: a for a in self.areas for i in a.items}).get(item_id)

    def conditions(self) -> list[str]:
        """Distinct applicability conditions, in checklist order."""
        seen: dict[str, None] = {}
        for item in self.items():
            if item.applies_when:
                seen.setdefault(item.applies_when, None)
        return list(seen)


Questionnaire = Scorecard | LegalChecklist


# --- workspace records -------------------------------------------------------


class Answer(BaseModel):
    """One evaluator's answer for one criterion and vendor: 0..5, "na", or None
    (no score yet, but a note or evidence is kept)."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    evaluator: str
    vendor_id: str
    criterion: str
    value: Annotated[int, Field(ge=0, le=5)] | Literal["na"] | None = None
    note: str = ""
    evidence: str = ""

    @classmethod
    def from_doc(cls, person: str, vendor_id: str, doc: dict) -> Answer:
        """One stored answer record (its value already checked) as the person's answer for the vendor."""
        return cls(evaluator=person, vendor_id=vendor_id, criterion=doc["criterion"], value=doc.get("value"),
                   note=doc.get("note", ""), evidence=doc.get("evidence", ""))


class Finding(BaseModel):
    """One legal reviewer's status of one checklist item for one vendor; status None
    means a note or clause reference is kept but the item is not reviewed yet."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    reviewer: str
    vendor_id: str
    item: str
    status: Status | None = None
    note: str = ""
    clause: str = ""

    @classmethod
    def from_doc(cls, person: str, vendor_id: str, doc: dict) -> Finding:
        """One stored finding record as the reviewer's finding for the vendor."""
        return cls(reviewer=person, vendor_id=vendor_id, item=doc["item"], status=doc["status"],
                   note=doc.get("note", ""), clause=doc.get("clause", ""))


class Weights(BaseModel):
    """Workspace weight overrides; anything absent uses the questionnaire default."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    categories: dict[str, float] = Field(default_factory=dict)
    criteria: dict[str, float] = Field(default_factory=dict)


# --- records as stored in workspace files (validated on read: the files are untrusted) ---


class _Record(BaseModel):
    """Strict types (a weight "20" is an error), unknown keys tolerated (e.g. "updated")."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True, defer_build=True)


class AnswerRecord(_Record):
    criterion: str
    value: Annotated[int, Field(ge=0, le=5)] | Literal["na"] | None = None
    note: str = ""
    evidence: str = ""


class FindingRecord(_Record):
    item: str
    status: Status | None = None
    note: str = ""
    clause: str = ""


class FileMetaRecord(_Record):
    """The meta table of an answers file: whose answers, for which vendor."""

    person: Annotated[str, Field(min_length=1)]
    vendor_id: str


class ConditionRecord(_Record):
    vendor_id: str
    condition: str


class ConditionSwitchRecord(_Record):
    """One legal reviewer's applicability decision, in their conditions/<person>.json."""

    vendor_id: str
    condition: str
    applies: bool
    at: str


class PersonFileRecord(_Record):
    person: Annotated[str, Field(min_length=1)]


class WeightsRecord(_Record):
    categories: dict[str, Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(default_factory=dict)
    criteria: dict[str, Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(default_factory=dict)
