"""Questionnaire validation: every problem at once, each as FILE:LINE: field.path: message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vendorbench import questionnaires
from vendorbench.cli import main

from .helpers import SMALL_LEGAL, SMALL_SCORECARD

ROOT = Path(__file__).resolve().parent.parent


def problems_of(text: str) -> list[str]:
    try:
        questionnaires.parse(text, "q.toml")
    except questionnaires.QuestionnaireError as exc:
        return [str(p) for p in exc.problems]
    return []


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_small_questionnaires_are_valid():
    assert problems_of(SMALL_SCORECARD) == []
    assert problems_of(SMALL_LEGAL) == []


def test_toml_syntax_error_names_the_line():
    (p,) = problems_of('id = "x"\ntitle = "unterminated\n')
    assert p.startswith("q.toml:2: TOML syntax error")


def test_misspelt_key_is_an_error_with_a_suggestion():
    text = replace_once(SMALL_SCORECARD, "weight = 3\n", "wieght = 3\n")
    probs = problems_of(text)
    assert (f"q.toml:{line_of(text, 'wieght')}: categories[0].wieght: unknown key 'wieght' "
            "(did you mean 'weight'?)") in probs
    assert any(p.endswith("categories[0].weight: required key missing") for p in probs)


def test_weight_as_string_is_an_error_not_converted():
    text = replace_once(SMALL_SCORECARD, "weight = 3\n", 'weight = "20"\n')
    line = line_of(text, 'weight = "20"')
    assert problems_of(text) == [f"q.toml:{line}: categories[0].weight: expected a number, got string '20'"]


@pytest.mark.parametrize("value", ["0", "-1"])
def test_weight_must_be_positive(value):
    text = replace_once(SMALL_SCORECARD, "  weight = 3\n", f"  weight = {value}\n")
    (p,) = problems_of(text)
    assert re.fullmatch(r"q\.toml:\d+: categories\[0\]\.criteria\[1\]\.weight: must be greater than 0 \(got -?\d\)", p)


def test_duplicate_ids_are_reported_with_the_first_use():
    text = replace_once(SMALL_SCORECARD, 'id = "b.one"', 'id = "a.one"')
    (p,) = problems_of(text)
    second_use = _nth_line(text, 'id = "a.one"', 2)
    assert p == (f"q.toml:{second_use}: categories[1].criteria[0].id: "
                 "duplicate criterion id 'a.one' (first used at categories[0].criteria[0].id)")
    text = replace_once(SMALL_LEGAL, 'id = "H2"', 'id = "H1"')
    assert any("duplicate item id 'H1'" in p for p in problems_of(text))


def _nth_line(text: str, needle: str, n: int) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][n - 1]


def test_rubric_keys_outside_0_to_5_and_too_few_anchors():
    text = replace_once(SMALL_SCORECARD, '"5" = "all" }', '"6" = "all" }')
    probs = problems_of(text)
    assert any(p.endswith("categories[0].criteria[0].rubric.6: rubric key '6' is outside 0..5") for p in probs)
    assert any(p.endswith('categories[0].criteria[0].rubric: needs at least 3 anchors among "0".."5" (has 2)')
               for p in probs)


@pytest.mark.parametrize("value", ["7", "-0.5"])
def test_knockout_outside_0_to_5(value):
    text = replace_once(SMALL_SCORECARD, "knockout_below = 2", f"knockout_below = {value}")
    (p,) = problems_of(text)
    assert p == (f"q.toml:{line_of(text, 'knockout_below')}: categories[0].criteria[1].knockout_below: "
                 f"must be between 0 and 5 (got {value})")


def test_unknown_severity():
    text = replace_once(SMALL_LEGAL, 'severity = "low"', 'severity = "severe"')
    (p,) = problems_of(text)
    assert p == (f"q.toml:{line_of(text, 'severe')}: areas[1].items[2].severity: "
                 "unknown severity 'severe': use one of critical, high, medium, low")


def test_unknown_kind():
    (p,) = problems_of(SMALL_SCORECARD.replace('kind = "scorecard"', 'kind = "survey"'))
    assert p == "q.toml:4: kind: must be \"scorecard\" or \"legal\" (got 'survey')"


def test_every_problem_is_reported_at_once():
    text = replace_once(SMALL_SCORECARD, 'version = "1"', "version = 1")
    text = replace_once(text, "weight = 3\n", "weight = 0\n")
    text = replace_once(text, 'guidance = "g"', "guidanse = \"g\"")
    assert len(problems_of(text)) == 4  # version, weight, unknown key, missing guidance


def test_bad_id_characters():
    (p,) = problems_of(replace_once(SMALL_SCORECARD, 'id = "a.one"', 'id = "a one"'))
    assert "is not a valid id" in p


def test_validate_command_reports_all_files_and_exits_1(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(SMALL_SCORECARD)
    bad = tmp_path / "bad.toml"
    bad.write_text(replace_once(SMALL_LEGAL, 'severity = "low"', 'severity = 3'))
    broken = tmp_path / "broken.toml"
    broken.write_text("id = \n")
    assert main(["validate", str(good), str(bad), str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "severity" in err
    assert f"{broken}:1: TOML syntax error" in err
    assert "2 problem(s) in 2 of 3 file(s)" in err
    assert main(["validate", str(good)]) == 0


def test_validate_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.toml")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_non_utf8_file(tmp_path, capsys):
    f = tmp_path / "latin1.toml"
    f.write_bytes('title = "Caf\xe9"\n'.encode("latin-1"))
    assert main(["validate", str(f)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


# --- the built-in questionnaires ----------------------------------------------------

DOMAIN_GROUPS = ["sector", "references", "security", "culture", "qa", "onboarding", "management", "escalation",
                 "reporting", "scalability", "technology", "commercials"]


def test_builtin_scorecard_covers_the_domain():
    sc = questionnaires.load(ROOT / "questionnaires" / "bpo-scorecard.toml")
    assert [c.id for c in sc.categories] == DOMAIN_GROUPS
    assert len(sc.criteria()) >= 45
    total = sum(c.weight for c in sc.categories)
    commercials = next(c for c in sc.categories if c.id == "commercials")
    assert commercials.weight / total <= 0.20
    for crit in sc.criteria():
        assert len(crit.guidance) > 40, crit.id
        assert len(crit.rubric) >= 3, crit.id
    knockouts = [c for c in sc.criteria() if c.knockout_below is not None]
    assert 1 <= len(knockouts) <= 6
    assert not any(c.knockout_below is not None for c in commercials.criteria)


def test_builtin_legal_checklist_has_every_legal_md_item():
    lg = questionnaires.load(ROOT / "questionnaires" / "legal-risk.toml")
    legal_md = (ROOT.parent / "shared" / "LEGAL.md")
    expected = (set(re.findall(r"^\| ([A-Z]{2}-\d{2}) \|", legal_md.read_text(), re.M)) if legal_md.exists()
                else {f"{p}-{i:02d}" for p, n in [("DP", 6), ("CA", 11), ("XB", 4), ("AI", 8), ("IP", 5), ("SB", 5),
                                                  ("LI", 3), ("AU", 3), ("SP", 5), ("EX", 7)] for i in range(1, n + 1)})
    assert len(expected) == 57
    ids = {i.id for i in lg.items()}
    assert expected <= ids
    for item in lg.items():
        assert item.source and item.red_flag and item.requirement
    assert lg.item("SB-04").applies_when and lg.item("SB-04").severity == "critical"
    assert "not legal advice" in lg.description


def test_builtins_resolve_by_id():
    assert questionnaires.resolve("bpo-scorecard").name == "bpo-scorecard.toml"
    with pytest.raises(Exception, match="not a built-in id"):
        questionnaires.resolve("no-such-thing")
