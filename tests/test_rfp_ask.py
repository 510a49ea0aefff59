"""The optional `ask` field: vendor-facing wording of a criterion or legal item."""

from __future__ import annotations

import pytest

from vendorbench import questionnaires

from .helpers import SMALL_LEGAL, SMALL_SCORECARD


def problems_of(text: str) -> list[str]:
    try:
        questionnaires.parse(text, "q.toml")
    except questionnaires.QuestionnaireError as exc:
        return [str(p) for p in exc.problems]
    return []


def with_ask(text: str, after: str, ask_line: str) -> str:
    assert after in text
    return text.replace(after, after + ask_line, 1)


def test_ask_is_optional_and_kept_on_criteria_and_items():
    sc = questionnaires.parse(with_ask(SMALL_SCORECARD, 'title = "A one"\n', '  ask = "Tell us about A."\n'))
    lg = questionnaires.parse(with_ask(SMALL_LEGAL, 'id = "C1"\n', '  ask = "Give the clause."\n'))
    assert sc.criterion("a.one").ask == "Tell us about A."
    assert sc.criterion("a.two").ask is None
    assert lg.item("C1").ask == "Give the clause."


@pytest.mark.parametrize(("line", "message"), [
    ('  ask = ""\n', "criteria[0].ask: string should have at least 1 character"),
    ("  ask = 3\n", "criteria[0].ask: expected a string, got integer 3"),
    ('  aks = "x"\n', "unknown key 'aks' (did you mean 'ask'?)"),
])
def test_bad_ask_is_reported_with_its_line(line, message):
    text = with_ask(SMALL_SCORECARD, 'title = "A one"\n', line)
    (problem,) = problems_of(text)
    ask_line = next(i for i, t in enumerate(text.splitlines(), 1) if t == line.rstrip("\n"))
    assert problem.startswith(f"q.toml:{ask_line}: ")
    assert message in problem


def test_every_builtin_criterion_asks_the_vendor_in_its_own_words():
    sc = questionnaires.load(questionnaires.resolve(questionnaires.BUILTIN_SCORECARD))
    assert all(c.ask for c in sc.criteria())
    lg = questionnaires.load(questionnaires.resolve(questionnaires.BUILTIN_LEGAL))
    assert all(i.ask for i in lg.items() if i.id in {"DP-02", "AI-02", "SB-02", "LI-03"})
    # the vendor never reads the evaluators' red flags
    assert not any("red flag" in (c.ask or "").lower() for c in sc.criteria())
