"""The storage guarantees of DESIGN.md (Storage), tested the way they fail in real life.

- A writer killed at any moment (SIGKILL, no cleanup) leaves every file parseable,
  every acknowledged save in place, and temp files that the next write removes.
- Two processes saving for the same evaluator at once lose nothing.
- A writer that cannot get the lock is refused with a message, never a traceback,
  and writes nothing; a corrupt file is reported by name and never overwritten.
- New files are 0600 and new folders 0700 whatever the umask.
- A failed write (disk full, a failing rename) leaves the previous file and no temp.

Child processes import the same vendorbench as this test process (PYTHONPATH), and
import only vendorbench.store so that a kill loop of 100+ processes stays fast.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

import vendorbench
from vendorbench import storage
from vendorbench.errors import StoreError
from vendorbench.store import Workspace, person_dir_name

SOURCE_ROOT = Path(vendorbench.__file__).resolve().parents[1]
EVALUATOR = "Zoë Kill-Tester"  # non-ASCII: the folder name goes through person_dir_name's slugging
KILLS = 120
SEED = 20260611


# --- helpers ------------------------------------------------------------------------


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("VENDORBENCH_DEBUG", "VENDORBENCH_LOCK_TIMEOUT"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SOURCE_ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def run_cli(*args: object, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vendorbench", *map(str, args)], capture_output=True,
                          text=True, env=child_env(**env), cwd=SOURCE_ROOT, timeout=60)


def python_child(script: str, *args: str, **popen: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", script, *args], env=child_env(), cwd=SOURCE_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


def all_files(root: Path) -> list[Path]:
    return sorted(Path(d) / name for d, _, names in os.walk(root) for name in names)


def file_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in all_files(root)}


def temp_files(root: Path) -> list[Path]:
    return [p for p in all_files(root) if p.name.endswith(".tmp")]


def new_workspace(tmp_path: Path) -> tuple[Path, Workspace, str]:
    root = tmp_path / "ws"
    ws = Workspace.create(root, "Kill test")
    return root, ws, ws.add_vendor("Acme Contact").id


def evaluator_folder(root: Path, person: str = EVALUATOR) -> Path:
    return root / "answers" / person_dir_name(person)


def first_score_file(root: Path, vendor: str) -> Path:
    """The file holding EVALUATOR's score of the scorecard's first criterion."""
    ws = Workspace(root)
    return ws.answer_path(EVALUATOR, vendor, ws.scorecard.criteria()[0].id)


def first_legal_file(root: Path, vendor: str) -> Path:
    ws = Workspace(root)
    return ws.answer_path(EVALUATOR, vendor, ws.legal.items()[0].id, "legal")


def assert_clean_refusal(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    for phrase in phrases:
        assert re.search(phrase, result.stderr), (phrase, result.stderr)


# --- 1. SIGKILL at random moments ----------------------------------------------------------

KILL_CHILD = r"""
import json, random, sys
from vendorbench.store import Workspace

cfg = json.loads(sys.argv[1])
rng = random.Random(cfg["seed"])
root, who, vendor = cfg["root"], cfg["evaluator"], cfg["vendor"]

def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()

# One Workspace for the child's life: it still reads the files for every save, but
# parses the questionnaires once, so most of each cycle is spent saving, where kills matter.
ws = Workspace(root)
ws.scorecard, ws.legal
say("ready")
for i in range(100_000):
    tag = f"{cfg['tag']}.{i}"
    roll = rng.random()
    if roll < 0.7:
        kind, key, value = "answer", rng.choice(cfg["criteria"]), rng.choice("012345") if rng.random() < 0.9 else "na"
    elif roll < 0.9:
        kind, key, value = "finding", rng.choice(cfg["items"]), rng.choice(["ok", "negotiate", "missing", "na"])
    else:
        kind, key, value = "vendor", "notes", tag
    say(f"begin {kind} {key} {value} {tag}")
    if kind == "answer":
        ws.set_answer(who, vendor, key, value if value == "na" else int(value), note=tag)
    elif kind == "finding":
        ws.set_finding(who, vendor, key, status=value, note=tag)
    else:
        ws.update_vendor(vendor, notes=tag)
    say(f"ack {kind} {key} {value} {tag}")
"""

State = dict[tuple[str, str], tuple[str, str]]


class LineReader(threading.Thread):
    """Collects a child's complete stdout lines; a line torn by the kill is dropped."""

    def __init__(self, proc: subprocess.Popen[bytes]):
        super().__init__(daemon=True)
        self.proc = proc
        self.lines: list[str] = []
        self.changed = threading.Condition()

    def run(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if not raw.endswith(b"\n"):
                break
            with self.changed:
                self.lines.append(raw.decode("utf-8").rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()  # the child is gone: wake a waiter that would otherwise time out

    def wait_until(self, predicate, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.lines) or self.proc.poll() is not None, timeout)


def acks(lines: list[str]) -> int:
    return sum(line.startswith("ack ") for line in lines)


def stored_state(root: Path, vendor_id: str) -> State:
    ws = Workspace(root)
    state: State = {}
    for a in ws.answers():
        assert (a.evaluator, a.vendor_id) == (EVALUATOR, vendor_id), a
        state[("answer", a.criterion)] = (str(a.value), a.note)
    for f in ws.findings():
        assert (f.reviewer, f.vendor_id) == (EVALUATOR, vendor_id), f
        state[("finding", f.item)] = (f.status, f.note)
    notes = ws.vendor(vendor_id).notes
    if notes:
        state[("vendor", "notes")] = (notes, notes)
    return state


def replay(lines: list[str], expected: State) -> tuple[State, tuple[tuple[str, str], tuple[str, str]] | None]:
    """Apply the acknowledged saves to expected; return it and the save in flight at the kill, if any."""
    state = dict(expected)
    in_flight = None
    for line in lines:
        word, *fields = line.split(" ")
        if word == "ready":
            continue
        kind, key, value, tag = fields
        if word == "begin":
            in_flight = ((kind, key), (value, tag))
        else:
            assert word == "ack" and in_flight == ((kind, key), (value, tag)), (line, in_flight)
            state[(kind, key)] = (value, tag)
            in_flight = None
    return state, in_flight


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_files_whole_and_acknowledged_saves(tmp_path):
    root, ws, vendor = new_workspace(tmp_path)
    criteria = [c.id for c in ws.scorecard.criteria()]
    items = [i.id for i in ws.legal.items()]
    rng = random.Random(SEED)
    expected: State = {}
    stats: Counter[str] = Counter()

    for kill in range(KILLS):
        cfg = {"root": str(root), "evaluator": EVALUATOR, "vendor": vendor, "criteria": criteria,
               "items": items, "seed": SEED + kill, "tag": f"k{kill}"}
        child = python_child(KILL_CHILD, json.dumps(cfg))
        reader = LineReader(child)
        reader.start()
        # Timed from "ready" (after the ~0.25 s of imports), or else most kills would
        # land before the first save.
        if rng.random() < 0.5:
            reader.wait_until(lambda lines: "ready" in lines, 30)
            time.sleep(rng.uniform(0, 0.3))
        else:
            target = rng.randint(1, 30)
            reader.wait_until(lambda lines: acks(lines) >= target, 30)
            time.sleep(rng.uniform(0, 0.003))
        child.send_signal(signal.SIGKILL)
        child.wait()  # reaped: a zombie still counts as alive for the stale-temp check
        reader.join(10)
        stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
        for stream in (child.stdout, child.stderr):
            stream.close()  # type: ignore[union-attr]
        assert child.returncode == -signal.SIGKILL, f"kill {kill}: the writer died by itself:\n{stderr}"
        leftovers = temp_files(root)  # before anything opens the workspace again, which may sweep them
        stats["kills that left a temp file"] += bool(leftovers)
        assert all(f".{child.pid}." in p.name for p in leftovers), leftovers

        for path in all_files(root):
            if path.suffix == ".json":
                try:
                    json.loads(path.read_bytes().decode("utf-8"))
                except ValueError as exc:
                    pytest.fail(f"kill {kill}: {path} is torn: {exc}")

        expected, in_flight = replay(reader.lines, expected)
        actual = stored_state(root, vendor)
        keys = set(expected) | set(actual)
        if in_flight is not None:  # killed mid-save: either version is right, and becomes the expectation
            key, new = in_flight
            old, got = expected.get(key), actual.get(key)
            assert got in (old, new), f"kill {kill}: the save in flight {key} is {got}, neither {old} nor {new}"
            stats["in flight, new value stored" if got == new != old else "in flight, old value kept"] += 1
            keys.discard(key)
            if got is not None:
                expected[key] = got
        lost = {k: (expected.get(k), actual.get(k)) for k in keys if expected.get(k) != actual.get(k)}
        assert not lost, f"kill {kill}: acknowledged saves lost or changed (expected, stored): {lost}"
        stats["acknowledged saves"] += acks(reader.lines)

        # The next save in each folder sweeps the dead writer's temp files.
        criterion, value, tag = rng.choice(criteria), rng.randint(0, 5), f"parent.{kill}"
        Workspace(root).set_answer(EVALUATOR, vendor, criterion, value, note=tag)
        Workspace(root).update_vendor(vendor, notes=tag)
        expected[("answer", criterion)] = (str(value), tag)
        expected[("vendor", "notes")] = (tag, tag)
        assert temp_files(root) == [], f"kill {kill}: stale temp files survived the next save"

    assert stored_state(root, vendor) == expected
    print(f"\n{KILLS} kills: {dict(stats)}")
    # The kills landed where it matters, not only before the first save or between saves.
    assert stats["acknowledged saves"] > KILLS
    assert stats["kills that left a temp file"] >= KILLS // 20
    assert stats["in flight, new value stored"] >= 1 and stats["in flight, old value kept"] >= 1


# --- 2. two writers, same evaluator, same vendor ------------------------------------------

WRITER_CHILD = r"""
import json, random, sys, time
from vendorbench.store import Workspace

cfg = json.loads(sys.argv[1])
pause = random.Random(cfg["tag"])
ws = Workspace(cfg["root"])
ws.scorecard  # parsed before the start signal, so both writers start saving together
print("ready", flush=True)
sys.stdin.readline()
mine = {}
for i in range(cfg["saves"]):
    criterion = cfg["criteria"][i % len(cfg["criteria"])]
    value, note = (i + cfg["offset"]) % 6, f"{cfg['tag']}.{i}"
    ws.set_answer(cfg["evaluator"], cfg["vendor"], criterion, value, note=note)
    mine[criterion] = (value, note)
    # Each earlier save of mine must still be there: a lost update shows up here even
    # when a later round of mine would have overwritten the same criterion.
    stored = {a.criterion: (a.value, a.note) for a in ws.answers()}
    lost = [c for c, v in mine.items() if stored.get(c) != v]
    print(f"ack {time.monotonic()} {criterion} {value} {note} lost={','.join(lost) or '-'}", flush=True)
    # A short think time, as between two real saves: back to back, one writer re-takes
    # the lock before the other's backed-off retry and the saves run in long streaks.
    time.sleep(pause.uniform(0, 0.004))
"""


@pytest.mark.slow
def test_two_processes_saving_for_the_same_evaluator_lose_no_update(tmp_path):
    root, ws, vendor = new_workspace(tmp_path)
    criteria = [c.id for c in ws.scorecard.criteria()]
    halves = {"A": criteria[0::2], "B": criteria[1::2]}
    offsets = {"A": 0, "B": 3}
    saves = 150
    writers = {}
    for tag, mine in halves.items():
        cfg = {"root": str(root), "evaluator": EVALUATOR, "vendor": vendor, "criteria": mine,
               "saves": saves, "offset": offsets[tag], "tag": tag}
        writers[tag] = python_child(WRITER_CHILD, json.dumps(cfg), stdin=subprocess.PIPE)
    for proc in writers.values():
        assert proc.stdout.readline() == b"ready\n"  # type: ignore[union-attr]
    for proc in writers.values():
        proc.stdin.write(b"go\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
    outputs = {tag: proc.communicate(timeout=120) for tag, proc in writers.items()}

    timeline = []
    final: dict[str, tuple[int, str]] = {}
    for tag, (out, err) in outputs.items():
        assert writers[tag].returncode == 0, f"writer {tag} failed:\n{err.decode()}"
        lines = out.decode().splitlines()
        assert len(lines) == saves
        for line in lines:
            _, when, criterion, value, note, lost = line.split(" ")
            assert lost == "lost=-", f"writer {tag}: an earlier save was lost: {line}"
            timeline.append((float(when), tag))
            final[criterion] = (int(value), note)
    timeline.sort()
    switches = sum(a[1] != b[1] for a, b in zip(timeline, timeline[1:]))
    assert switches >= 20, f"the writers hardly overlapped ({switches} switches): the test proved nothing"

    stored = {a.criterion: (a.value, a.note) for a in Workspace(root).answers()}
    assert stored == final
    assert len(final) == len(criteria)
    print(f"\n{2 * saves} saves, writers alternated {switches} times")


# --- 3. a held lock is refused with an explanation ----------------------------------------


def test_score_while_the_evaluator_folder_is_locked_is_refused_and_writes_nothing(tmp_path):
    root, ws, vendor = new_workspace(tmp_path)
    criterion = ws.scorecard.criteria()[0].id
    ws.set_answer(EVALUATOR, vendor, criterion, 2)
    command = ("score", root, "--as", EVALUATOR, "--vendor", "Acme Contact", "--criterion", criterion, "--value", "3")

    with storage.file_lock(evaluator_folder(root) / ".lock", "held by the test", timeout=0):
        before = file_bytes(root)
        refused = run_cli(*command, VENDORBENCH_LOCK_TIMEOUT="0.3")
        assert file_bytes(root) == before
    assert_clean_refusal(refused, "another vendorbench process", f"pid {os.getpid()}")

    assert run_cli(*command).returncode == 0  # the lock was the only obstacle
    assert [a.value for a in Workspace(root).answers()] == [3]


def test_vendor_add_while_the_workspace_is_locked_is_refused_and_writes_nothing(tmp_path):
    root, _, _ = new_workspace(tmp_path)

    with storage.file_lock(root / ".workspace.lock", "held by the test", timeout=0):
        before = file_bytes(root)
        refused = run_cli("vendor", "add", root, "Beta Support", VENDORBENCH_LOCK_TIMEOUT="0.3")
        assert file_bytes(root) == before
    assert_clean_refusal(refused, "another vendorbench process", f"pid {os.getpid()}")

    assert run_cli("vendor", "add", root, "Beta Support").returncode == 0
    assert [v.name for v in Workspace(root).vendors()] == ["Acme Contact", "Beta Support"]


# --- 4. a corrupt or truncated file is reported and left alone ----------------------------


def truncate_to_half(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path.read_bytes()


def test_truncated_answer_file_is_named_and_never_overwritten(tmp_path):
    root, ws, vendor = new_workspace(tmp_path)
    criterion = ws.scorecard.criteria()[0].id
    ws.set_answer(EVALUATOR, vendor, criterion, 4, note="before the crash")
    path = first_score_file(root, vendor)
    damaged = truncate_to_half(path)

    results = run_cli("results", root)
    assert_clean_refusal(results, re.escape(str(path)), "corrupt|truncated")
    assert path.read_bytes() == damaged

    score = run_cli("score", root, "--as", EVALUATOR, "--vendor", f"id:{vendor}", "--criterion", criterion,
                    "--value", "1")
    assert_clean_refusal(score, re.escape(str(path)), "corrupt|truncated")
    assert path.read_bytes() == damaged
    assert temp_files(root) == []


def test_truncated_workspace_file_is_named_and_never_overwritten(tmp_path):
    root, ws, vendor = new_workspace(tmp_path)
    criterion = ws.scorecard.criteria()[0].id
    path = root / "workspace.json"
    damaged = truncate_to_half(path)

    for command in (("results", root),
                    ("score", root, "--as", EVALUATOR, "--vendor", f"id:{vendor}", "--criterion", criterion,
                     "--value", "1"),
                    ("vendor", "add", root, "Beta Support")):
        result = run_cli(*command)
        assert_clean_refusal(result, re.escape(str(path)), "corrupt|truncated")
        assert path.read_bytes() == damaged, command
    assert not evaluator_folder(root).exists()
    assert temp_files(root) == []


# --- 5. permissions --------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_new_files_are_0600_and_new_folders_0700_whatever_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        root = tmp_path / "events" / "ws"
        ws = Workspace.create(root, "Permissions")
        vendor = ws.add_vendor("Acme Contact").id
        ws.set_answer(EVALUATOR, vendor, ws.scorecard.criteria()[0].id, 3, note="confidential")
        ws.set_finding(EVALUATOR, vendor, ws.legal.items()[0].id, status="missing")
        ws.update_vendor(vendor, notes="rewritten after creation")
    finally:
        os.umask(old)

    person = evaluator_folder(root)
    folders = [tmp_path / "events", root, root / "answers", root / "questionnaires", person, root / "vendors",
               root / "audit"]
    audit_files = sorted((root / "audit").iterdir())  # a log and a lock for the evaluator and for the editor
    assert len(audit_files) == 4
    files = [root / "workspace.json", root / ".gitignore", root / "vendors" / f"{vendor}.json",
             root / "questionnaires" / "scorecard.toml",
             root / "questionnaires" / "legal.toml", first_score_file(root, vendor),
             first_legal_file(root, vendor), root / ".workspace.lock", person / ".lock", *audit_files]
    modes = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in folders + files}
    assert modes == {**{str(p.relative_to(tmp_path)): "0o700" for p in folders},
                     **{str(p.relative_to(tmp_path)): "0o600" for p in files}}
    assert set(all_files(root)) == set(files)  # nothing else was created that the list above misses


# --- 6./7. failed writes leave the old file and no temp -------------------------------------


def _is_temp(fd: int) -> bool:
    return os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp")


def _disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def fail_with_disk_full(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """Make the next save hit ENOSPC while writing, fsyncing or renaming its temp file."""
    real_write, real_fsync = os.write, os.fsync

    def write(fd, data):
        if not _is_temp(fd):
            return real_write(fd, data)
        if len(data) > 1:  # the disk fills up part-way: half is written, then the rest fails
            return real_write(fd, data[: len(data) // 2])
        raise _disk_full()

    def fsync(fd):
        if _is_temp(fd):
            raise _disk_full()
        return real_fsync(fd)

    def replace(src, dst):
        raise _disk_full()

    monkeypatch.setattr(os, where, {"write": write, "fsync": fsync, "replace": replace}[where])


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell temp files from others")
@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
@pytest.mark.parametrize("target", ["answer file", "vendor file"])
def test_disk_full_is_reported_and_leaves_the_previous_file_and_no_temp(tmp_path, monkeypatch, where, target):
    root, ws, vendor = new_workspace(tmp_path)
    criterion = ws.scorecard.criteria()[0].id
    ws.set_answer(EVALUATOR, vendor, criterion, 2, note="the previous version")
    ws.update_vendor(vendor, notes="the previous version")
    if target == "answer file":
        path = first_score_file(root, vendor)
        save = lambda: Workspace(root).set_answer(EVALUATOR, vendor, criterion, 5, note="x" * 50_000)  # noqa: E731
    else:
        path = root / "vendors" / f"{vendor}.json"
        save = lambda: Workspace(root).update_vendor(vendor, notes="x" * 50_000)  # noqa: E731
    before = path.read_bytes()

    with monkeypatch.context() as patch:
        fail_with_disk_full(patch, where)
        with pytest.raises(StoreError) as failure:
            save()
    assert str(path) in str(failure.value) and "disk is full" in str(failure.value)
    assert path.read_bytes() == before
    assert temp_files(root) == []

    save()  # space is back: the same save goes through, and the lock was released
    stored = Workspace(root)
    if target == "answer file":
        assert (stored.answers()[0].value, stored.vendor(vendor).notes) == (5, "the previous version")
    else:
        assert (stored.answers()[0].value, stored.vendor(vendor).notes) == (2, "x" * 50_000)


def test_a_rename_failing_after_the_temp_is_complete_keeps_the_old_file(tmp_path, monkeypatch):
    root, ws, vendor = new_workspace(tmp_path)
    criterion = ws.scorecard.criteria()[0].id
    ws.set_answer(EVALUATOR, vendor, criterion, 2, note="old")
    path = first_score_file(root, vendor)
    before = path.read_bytes()
    seen = []

    def replace(src, dst):
        # the new version is fully on disk in the temp file; only the rename fails
        answers = json.loads(Path(src).read_bytes())["answers"]
        seen.append([(a["value"], a["note"]) for a in answers.values()])
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(StoreError, match="previous version is intact"):
        Workspace(root).set_answer(EVALUATOR, vendor, criterion, 5, note="new")
    monkeypatch.undo()

    assert seen == [[(5, "new")]]
    assert path.read_bytes() == before
    assert temp_files(root) == []
    assert [(a.value, a.note) for a in Workspace(root).answers()] == [(2, "old")]


def test_read_only_evaluator_folder_is_reported_and_leaves_the_previous_file(tmp_path):
    root, ws, vendor = new_workspace(tmp_path)
    criterion = ws.scorecard.criteria()[0].id
    ws.set_answer(EVALUATOR, vendor, criterion, 2)
    folder = evaluator_folder(root)
    path = first_score_file(root, vendor)
    before = path.read_bytes()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("folder permissions are not enforced here (root); the disk-full tests cover this")
        with pytest.raises(StoreError) as failure:
            Workspace(root).set_answer(EVALUATOR, vendor, criterion, 5)
    finally:
        folder.chmod(0o700)
    assert str(path) in str(failure.value) and "previous version is intact" in str(failure.value)
    assert path.read_bytes() == before
    assert temp_files(root) == []


# --- a temp file is stale only when no writer holds its folder's lock ----------------------


@pytest.mark.parametrize("where", ["evaluator folder", "workspace root"])
def test_opening_a_workspace_keeps_the_temp_file_of_a_save_in_progress(tmp_path, where):
    """A teammate on another machine sharing the folder (or in another PID namespace)
    has a pid that is not running here; only the folder's lock, held by a writer from
    before it creates its temp file until after the rename, tells its temp file from
    one left by a killed writer. Deleting it makes that save fail at os.replace."""
    root, ws, vendor = new_workspace(tmp_path)
    ws.set_answer(EVALUATOR, vendor, ws.scorecard.criteria()[0].id, 2)
    if where == "evaluator folder":
        folder, target, lock = evaluator_folder(root), first_score_file(root, vendor).name, ".lock"
    else:
        folder, target, lock = root, "workspace.json", ".workspace.lock"
    elsewhere = subprocess.Popen([sys.executable, "-c", "pass"])
    elsewhere.wait()  # its pid stands for a process that is running, but not on this machine
    temp = folder / f".{target}.{elsewhere.pid}.0123abcd.tmp"

    with storage.file_lock(folder / lock, "a writer on another machine", timeout=0):
        temp.write_bytes(b'{"answers": {"1": ')  # that writer is half-way through its save
        Workspace(root).answers()  # meanwhile, someone here looks at the results
        assert temp.exists(), "opening the workspace deleted the temp file of a save in progress"
