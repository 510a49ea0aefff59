"""Team sync over git: a bare repository and clones, each a teammate (issue 11 §4).

The Team helper runs vendorbench in-process in one clone at a time, as one person;
steps are small methods so a scenario reads as the team's day and new steps
(approvals, audit verify) slot in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from vendorbench.cli import main
from vendorbench.store import Workspace

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

EVENT = "event"  # the workspace is a subfolder of the team's repository
LEAD, EVAL, LEGAL = "Lena Lead", "Ben Evaluator", "Cara Counsel"
CONDITION = "EU/EEA personal data"


@pytest.fixture(autouse=True)
def _no_global_git_config(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "Team Member")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "team@example.com")
    monkeypatch.delenv("VENDORBENCH_USER", raising=False)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-C", str(cwd), *args], capture_output=True,
                          text=True, check=check, stdin=subprocess.DEVNULL)


class Team:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]):
        self.root, self.capsys = root, capsys
        self.origin = root / "origin.git"
        git(root, "init", "-q", "--bare", str(self.origin))

    def clone(self, name: str) -> Path:
        git(self.root, "clone", "-q", str(self.origin), name)
        return self.root / name

    def ws(self, clone: Path) -> Path:
        return clone / EVENT

    def run(self, clone: Path, *args: str, who: str | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        extra = ["--as", who] if who else []
        code = main([args[0], *args[1:2], str(self.ws(clone)), *args[2:], *extra] if args[0] in {"vendor", "audit"}
                    else [args[0], str(self.ws(clone)), *args[1:], *extra])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, clone: Path, *args: str, who: str | None = None) -> str:
        code, out, err = self.run(clone, *args, who=who)
        assert code == 0, err
        assert "Traceback" not in err
        return out

    def sync(self, clone: Path, who: str) -> str:
        return self.ok(clone, "sync", who=who)

    def state(self, clone: Path) -> dict:
        """Everything a teammate relies on, comparable across clones."""
        ws = Workspace(self.ws(clone))
        code, out, err = self.run(clone, "results", "--json")
        assert code == 0, err
        return {"vendors": [(v.id, v.name) for v in ws.vendors()],
                "answers": sorted((a.evaluator, a.vendor_id, a.criterion, str(a.value)) for a in ws.answers()),
                "findings": sorted((f.reviewer, f.vendor_id, f.item, f.status) for f in ws.findings()),
                "conditions": {k: sorted(v) for k, v in ws.conditions_off().items()},
                "results": json.loads(out)}


@pytest.fixture
def team(tmp_path, capsys) -> Team:
    return Team(tmp_path, capsys)


def start(team: Team) -> Path:
    """Clone A: the lead creates the workspace with two vendors and shares it."""
    a = team.clone("a")
    assert main(["init", str(team.ws(a)), "--name", "Tier 1 support 2027"]) == 0
    team.ok(a, "vendor", "add", "Acme Support", who=LEAD)
    team.ok(a, "vendor", "add", "Globex", who=LEAD)
    team.ok(a, "weights", "--category", "security=30", who=LEAD)
    out = team.sync(a, LEAD)
    assert "pushed" in out
    return a


def criteria(team: Team, clone: Path) -> list[str]:
    return [c.id for cat in Workspace(team.ws(clone)).scorecard.categories for c in cat.criteria]


def test_three_clones_scoring_reviewing_and_adding_vendors_end_up_identical(team):
    a = start(team)
    b, c = team.clone("b"), team.clone("c")
    ids = criteria(team, b)
    # B scores, syncs; C reviews (findings and applicability), syncs
    for i, criterion in enumerate(ids[:4]):
        team.ok(b, "score", "--vendor", "Acme Support", "--criterion", criterion, "--value", str(i + 1), who=EVAL)
    team.ok(b, "score", "--vendor", "Globex", "--criterion", ids[0], "--value", "2", who=EVAL)
    team.sync(b, EVAL)
    git(c, "pull", "-q")  # C joins after B's first sync
    team.ok(c, "legal", "--vendor", "Acme Support", "--item", "DP-01", "--status", "negotiate", who=LEGAL)
    team.ok(c, "applies", "--vendor", "Globex", "--set", f"{CONDITION}=no", who=LEGAL)
    team.sync(c, LEGAL)
    # B and C each add a vendor before either syncs: distinct ids, no conflict
    team.ok(b, "vendor", "add", "Initech", who=EVAL)
    team.ok(c, "vendor", "add", "Umbrella Care", who=LEGAL)
    team.ok(a, "score", "--vendor", "Globex", "--criterion", ids[1], "--value", "5", who=LEAD)
    team.sync(b, EVAL)
    team.sync(c, LEGAL)
    team.sync(a, LEAD)
    team.sync(b, EVAL)  # B now sees C's vendor
    team.ok(b, "score", "--vendor", "Umbrella Care", "--criterion", ids[0], "--value", "4", who=EVAL)
    for clone, who in ((b, EVAL), (c, LEGAL), (a, LEAD), (b, EVAL), (c, LEGAL)):
        team.sync(clone, who)

    states = [team.state(clone) for clone in (a, b, c)]
    assert states[0] == states[1] == states[2]
    first = states[0]
    # in the order they were added, in every clone
    assert [name for _, name in first["vendors"]] == ["Acme Support", "Globex", "Initech", "Umbrella Care"]
    assert len({vid for vid, _ in first["vendors"]}) == 4
    assert len(first["answers"]) == 7 and {a[0] for a in first["answers"]} == {EVAL, LEAD}
    assert [f[2:] for f in first["findings"]] == [("DP-01", "negotiate")]
    globex = next(vid for vid, name in first["vendors"] if name == "Globex")
    assert first["conditions"] == {globex: [CONDITION]}
    for clone in (a, b, c):  # nothing left behind: every change is committed and pushed
        assert git(clone, "status", "--porcelain").stdout == ""
        assert "chains intact, answers and findings match" in team.ok(clone, "audit", "verify")
        assert git(clone, "rev-parse", "HEAD").stdout == git(a, "rev-parse", "HEAD").stdout


APPROVER = "Ada Approver"


def test_three_clones_with_roles_score_review_and_approve_and_every_clone_sees_the_approval(team):
    """The governed flow across clones: the lead sets roles and opens scoring, an evaluator declares and
    scores, legal reviews, the lead moves to review, an approver who scored nothing signs off; after
    syncing, every clone has the same decision state and sees the approval as valid."""
    a = start(team)
    for person, role in ((LEAD, "lead"), (EVAL, "evaluator"), (LEGAL, "legal"), (APPROVER, "approver")):
        team.ok(a, "people", "add", person, "--role", role, who=LEAD)
    team.ok(a, "stage", "open-scoring", who=LEAD)
    team.sync(a, LEAD)
    b, c = team.clone("b"), team.clone("c")
    ids = criteria(team, b)
    team.ok(b, "declare", "--none", who=EVAL)
    for i, criterion in enumerate(ids[:3]):
        team.ok(b, "score", "--vendor", "Acme Support", "--criterion", criterion, "--value", str(i + 2), who=EVAL)
    team.ok(c, "legal", "--vendor", "Acme Support", "--item", "DP-01", "--status", "ok", who=LEGAL)
    team.sync(b, EVAL)
    team.sync(c, LEGAL)
    team.sync(a, LEAD)
    team.ok(a, "stage", "review", who=LEAD)
    team.sync(a, LEAD)
    team.sync(c, LEGAL)
    team.ok(c, "approve", "--decision", "approve", "--note", "as recommended", who=APPROVER)
    team.sync(c, APPROVER)
    for clone, who in ((a, LEAD), (b, EVAL)):
        team.sync(clone, who)

    states = [team.state(clone) for clone in (a, b, c)]
    assert states[0] == states[1] == states[2]
    approvals = []
    for clone in (a, b, c):
        code, out, err = team.run(clone, "results", "--json")
        assert code == 0, err
        approvals.append(json.loads(out)["approval"])
    assert approvals[0] == approvals[1] == approvals[2]
    assert approvals[0]["status"] == "approve"
    verified = [team.ok(clone, "audit", "verify") for clone in (a, b, c)]
    assert all("chains intact, answers and findings match" in out for out in verified)
    assert len({out.split("audit heads: ")[1] for out in verified}) == 1  # the same heads in every clone
    history = team.ok(a, "audit")
    for action in ("role", "stage", "declaration", "approval"):
        assert action in history
    # a later change on one clone voids it everywhere once synced
    team.ok(c, "legal", "--vendor", "Acme Support", "--item", "DP-01", "--status", "negotiate", who=LEGAL)
    team.sync(c, LEGAL)
    team.sync(a, LEAD)
    code, out, _ = team.run(a, "results", "--json")
    assert json.loads(out)["approval"]["status"] == "void"


def test_two_people_adding_the_same_vendor_are_both_kept_and_reported(team):
    a = start(team)
    b = team.clone("b")
    team.ok(a, "vendor", "add", "Initech", who=LEAD)
    team.ok(b, "vendor", "add", "initech", who=EVAL)
    team.sync(a, LEAD)
    code, out, err = team.run(b, "sync", who=EVAL)
    assert code == 0, err
    assert "duplicate vendor" in err and "'Initech'" in err and "'initech'" in err
    code, _, err = team.run(b, "results")
    assert code == 0 and "duplicate vendor" in err and "id:v" in err
    code, _, err = team.run(b, "score", "--vendor", "Initech", "--criterion", criteria(team, b)[0], "--value", "3",
                            who=EVAL)
    assert code == 1 and "ambiguous" in err


def test_a_vendor_entered_in_two_clones_is_merged_person_by_person_and_every_clone_ends_with_one(team):
    a = start(team)
    b, c = team.clone("b"), team.clone("c")
    team.ok(a, "vendor", "add", "Initech", who=LEAD)
    team.ok(b, "vendor", "add", "initech", who=EVAL)
    crits = criteria(team, a)[:3]
    for crit in crits:  # each scores the entry they added
        team.ok(a, "score", "--vendor", "Initech", "--criterion", crit, "--value", "4", who=LEAD)
        team.ok(b, "score", "--vendor", "initech", "--criterion", crit, "--value", "2", who=EVAL)
    team.sync(a, LEAD)
    team.sync(b, EVAL)
    team.sync(a, LEAD)
    ids = {v.name: v.id for v in Workspace(team.ws(a)).vendors()}
    keep, drop = ids["Initech"], ids["initech"]
    extra = criteria(team, a)[3]
    team.ok(a, "score", "--vendor", f"id:{drop}", "--criterion", extra, "--value", "5", who=LEAD)  # on both
    team.sync(a, LEAD)
    team.sync(b, EVAL)
    out = team.ok(b, "vendor", "merge", f"id:{drop}", "--into", f"id:{keep}", who=EVAL)
    assert "Moved your answers" in out and f"stays until {LEAD} merge theirs" in out
    team.sync(b, EVAL)  # Ben's own files: his answers moved, his answers on the twin cleared
    team.sync(a, LEAD)
    out = team.ok(a, "vendor", "merge", f"id:{drop}", "--into", f"id:{keep}", who=LEAD)
    assert f"id:{drop} removed" in out  # the last one with answers there
    team.sync(a, LEAD)
    team.sync(b, EVAL)
    team.sync(c, LEGAL)
    states = [team.state(x) for x in (a, b, c)]
    assert states[0] == states[1] == states[2]
    assert [name for _, name in states[0]["vendors"]].count("Initech") == 1 and "initech" not in \
        [name for _, name in states[0]["vendors"]]
    kept = {(e, crit, v) for e, vid, crit, v in states[0]["answers"] if vid == keep}
    assert {(LEAD, crit, "4") for crit in crits} | {(EVAL, crit, "2") for crit in crits} | {(LEAD, extra, "5")} \
        == kept


def test_sync_commits_my_files_and_shared_files_but_never_another_persons(team):
    a = start(team)
    ids = criteria(team, a)
    team.ok(a, "score", "--vendor", "Globex", "--criterion", ids[0], "--value", "3", who=LEAD)
    team.ok(a, "score", "--vendor", "Globex", "--criterion", ids[0], "--value", "1", who="Dana Other")
    out = team.sync(a, LEAD)
    assert "left alone" in out
    untracked = git(a, "status", "--porcelain", "--untracked-files=all").stdout
    assert untracked and all(line.startswith(("?? event/answers/dana-other-", "?? event/audit/dana-other-"))
                             for line in untracked.splitlines())  # her answers and her audit log
    tracked = git(a, "ls-files").stdout
    assert "lena-lead-" in tracked and ".lock" not in tracked and ".gitignore" in tracked


def test_a_conflict_on_a_lead_owned_setting_is_undone_and_named(team):
    a = start(team)
    b = team.clone("b")
    team.ok(a, "weights", "--category", "security=10", who=LEAD)
    team.ok(b, "weights", "--category", "security=50", who=EVAL)
    team.sync(a, LEAD)
    before = (team.ws(b) / "workspace.json").read_bytes()
    code, _, err = team.run(b, "sync", who=EVAL)
    assert code == 1 and "Traceback" not in err
    assert "workspace.json" in err and "Nothing was lost" in err
    assert (team.ws(b) / "workspace.json").read_bytes() == before
    assert not (b / ".git" / "rebase-merge").exists() and not (b / ".git" / "rebase-apply").exists()


def test_refused_outside_a_git_repository(team, tmp_path):
    assert main(["init", str(tmp_path / "alone"), "--name", "x"]) == 0
    team.capsys.readouterr()
    assert main(["sync", str(tmp_path / "alone"), "--as", LEAD]) == 1
    assert "not in a git repository" in team.capsys.readouterr().err


def test_refused_without_an_upstream(team, tmp_path):
    repo = tmp_path / "solo"
    git(tmp_path, "init", "-q", str(repo))
    assert main(["init", str(repo / EVENT), "--name", "x"]) == 0
    code, _, err = team.run(repo, "sync", who=LEAD)
    assert code == 1 and "no upstream" in err


def test_refused_on_a_detached_head_and_during_a_rebase(team):
    a = start(team)
    git(a, "checkout", "-q", "--detach")
    code, _, err = team.run(a, "sync", who=LEAD)
    assert code == 1 and "detached HEAD" in err
    git(a, "checkout", "-q", "main")
    (a / ".git" / "rebase-merge").mkdir()
    code, _, err = team.run(a, "sync", who=LEAD)
    assert code == 1 and "rebase is already in progress" in err


def test_refused_when_git_is_missing(team, tmp_path, monkeypatch):
    a = start(team)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = team.run(a, "sync", who=LEAD)
    assert code == 1 and "git is not installed" in err


def test_a_rejected_push_is_reported(team):
    a = start(team)
    hook = team.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n")
    hook.chmod(0o755)
    team.ok(a, "vendor", "add", "Initech", who=LEAD)
    code, _, err = team.run(a, "sync", who=LEAD)
    assert code == 1 and "push to origin was refused" in err and "committed locally" in err


def _teammate_commits(team: Team, clone: Path, change) -> None:  # type: ignore[no-untyped-def]
    change(team.ws(clone))
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "teammate")
    git(clone, "push", "-q")


def test_a_pulled_symbolic_link_is_refused(team, tmp_path):
    a = start(team)
    b = team.clone("b")
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    _teammate_commits(team, b, lambda ws: (ws / "vendors" / "v424242.json").symlink_to(outside))
    code, _, err = team.run(a, "sync", who=LEAD)
    assert code == 1 and "v424242.json" in err and "symbolic link" in err
    assert outside.read_text() == "{}"


def test_a_pulled_record_naming_a_path_is_refused(team):
    a = start(team)
    b = team.clone("b")
    record = {"id": "../x", "name": "Evil", "created": "", "order": 0}
    _teammate_commits(team, b, lambda ws: (ws / "vendors" / "v424242.json").write_text(json.dumps(record)))
    code, _, err = team.run(a, "sync", who=LEAD)
    assert code == 1 and "v424242.json" in err and "not a vendor id" in err
    assert not (team.ws(a).parent / "x.json").exists()


# --- the layout that makes this conflict-free -------------------------------------------


def _legacy_workspace(path: Path) -> Path:
    """A workspace as earlier versions wrote it: vendors v1..v3 and an applicability
    switch in workspace.json."""
    Workspace.create(path, "Old event")
    file = path / "workspace.json"
    doc = json.loads(file.read_text())
    doc["meta"]["1"]["next_vendor"] = 4
    doc["vendors"] = {str(i): {"id": f"v{i}", "name": name, "region": None, "website": "", "notes": ""}
                      for i, name in enumerate(["Zeta", "Alpha", "Mid"], start=1)}
    doc["conditions"] = {"1": {"vendor_id": "v2", "condition": CONDITION}}
    file.write_text(json.dumps(doc))
    return path


def test_an_older_workspace_reads_as_before_and_moves_a_vendor_to_its_file_when_changed(tmp_path):
    ws = Workspace(_legacy_workspace(tmp_path / "old"))
    assert [(v.id, v.name) for v in ws.vendors()] == [("v1", "Zeta"), ("v2", "Alpha"), ("v3", "Mid")]
    assert ws.conditions_off() == {"v2": {CONDITION}}
    ws.rename_vendor("Alpha", "Alpha Care")
    added = ws.add_vendor("Newco")
    assert added.id == "v4"  # not in git: ids keep counting
    assert [(v.id, v.name) for v in ws.vendors()] == [("v1", "Zeta"), ("v2", "Alpha Care"), ("v3", "Mid"),
                                                       ("v4", "Newco")]
    doc = json.loads((ws.root / "workspace.json").read_text())
    assert [d["id"] for d in doc["vendors"].values()] == ["v1", "v3"]  # v2 moved out, nothing duplicated
    assert sorted(p.name for p in (ws.root / "vendors").iterdir()) == ["v2.json", "v4.json"]
    with pytest.raises(Exception, match="already exists"):
        ws.add_vendor("zeta")


def test_vendors_in_a_git_repository_get_random_ids_in_the_v_number_shape(tmp_path):
    git(tmp_path, "init", "-q", str(tmp_path / "repo"))
    ws = Workspace.create(tmp_path / "repo" / EVENT, "x")
    names = [f"Vendor {c}" for c in "ABCDEFGH"]
    ids = [ws.add_vendor(name).id for name in names]
    assert len(set(ids)) == len(ids) and all(len(i) == 7 and i[1:].isdigit() for i in ids)
    assert [v.name for v in ws.vendors()] == names  # in the order added, not by id
    assert ws.find_vendor(f"id:{ids[3]}").name == "Vendor D"


def test_applicability_is_each_reviewers_own_file_and_the_latest_switch_wins(tmp_path, monkeypatch):
    from vendorbench import store

    ws = Workspace(_legacy_workspace(tmp_path / "old"))
    times = iter(["2027-01-01T10:00:00+00:00", "2027-01-01T11:00:00+00:00", "2027-01-01T12:00:00+00:00"])
    monkeypatch.setattr(store, "now_iso", lambda: next(times))
    ws.set_condition("Alpha", CONDITION, True, by=LEGAL)  # newer than the old unattributed switch
    assert ws.conditions_off() == {}
    ws.set_condition("Alpha", CONDITION, False, by="Dora Lawyer")
    ws.set_condition("Zeta", CONDITION, False, by=LEGAL)
    assert ws.conditions_off() == {"v2": {CONDITION}, "v1": {CONDITION}}
    assert ws.condition_changes()["v2"][CONDITION] == {"applies": False, "by": "Dora Lawyer",
                                                        "at": "2027-01-01T11:00:00+00:00"}
    files = sorted(p.name for p in (ws.root / "conditions").iterdir() if not p.name.startswith("."))
    assert len(files) == 2 and files[0].startswith("cara-counsel-") and files[1].startswith("dora-lawyer-")
    assert "conditions" in json.loads((ws.root / "workspace.json").read_text())  # the old switch is not rewritten


def test_a_reviewers_file_holding_someone_else_is_refused(tmp_path):
    ws = Workspace(_legacy_workspace(tmp_path / "old"))
    ws.set_condition("Alpha", CONDITION, True, by=LEGAL)
    mine = next((ws.root / "conditions").glob("cara-*.json"))
    mine.rename(mine.with_name(ws.person_dir("Dora Lawyer") + ".json"))  # planted as Dora's
    with pytest.raises(Exception, match="holds the decisions of 'Cara Counsel'"):
        ws.set_condition("Alpha", CONDITION, False, by="Dora Lawyer")
