"""Team sync over git: commit my files, pull teammates' work with rebase, push.

The workspace layout makes this conflict-free in normal use: every person's
answers, applicability decisions and logs are in files only they write
(PERSON_FOLDERS), every vendor is its own file under vendors/, and what only the
lead changes (weights, settings, event meta) stays in workspace.json. So a sync
commits the user's own files and the shared files that changed, never another
person's files, and a rebase only stops when two people changed the same shared
record; then it is aborted, leaving everything as it was, and a person decides.

git runs as a subprocess with an argument list (never a shell), a timeout and an
environment that can never wait for a person: no terminal prompt, no pager, no
editor, ssh in batch mode. Files that arrive from teammates are checked after the
pull like any workspace file (no symbolic links, records validated).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import VendorbenchError
from .storage import atomic_write, read_bytes
from .store import GITIGNORE_FILE, GITIGNORE_LINES, Workspace, current_user, duplicate_vendor_warnings

# Folders holding one person's files: answers/<person-folder>/..., and
# <folder>/<person-folder>.<ext> for the others. A sync stages only the user's own.
PERSON_FOLDERS = ("answers", "conditions", "audit", "declarations", "approvals")
PUSH_ATTEMPTS = 3


class SyncError(VendorbenchError):
    """A sync refused or stopped; the message says what a person should do."""


@dataclass
class SyncResult:
    committed: list[str] = field(default_factory=list)  # workspace-relative paths
    pulled: int = 0  # teammates' commits brought in
    pushed: bool = False
    others_changed: list[str] = field(default_factory=list)  # other people's files changed here, not committed
    warnings: list[str] = field(default_factory=list)


def git_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("VENDORBENCH_GIT_TIMEOUT", "120")))
    except ValueError:
        return 120.0


def git_env() -> dict[str, str]:
    """The user's environment (credentials helpers, ssh agent, author identity) made
    non-interactive; git's own location variables are dropped so -C finds the repository."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX"}}
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "PAGER": "cat", "GIT_EDITOR": "true",
                "GIT_SEQUENCE_EDITOR": "true", "EDITOR": "true", "VISUAL": "true", "LC_ALL": "C",
                "GIT_MERGE_AUTOEDIT": "no"})
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


class Git:
    def __init__(self, cwd: Path):
        self.cwd = cwd
        exe = shutil.which("git")
        if exe is None:
            raise SyncError("git is not installed (or not on PATH); install git to sync a workspace")
        self.exe: str = exe

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run([self.exe, "-C", str(self.cwd), *args], capture_output=True, text=True,
                                  env=git_env(), timeout=git_timeout(), stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {args[0]} did not finish within {git_timeout():g} s (network or a lock?); "
                            "nothing more was done. Try again, or set VENDORBENCH_GIT_TIMEOUT") from None
        except OSError as exc:
            raise SyncError(f"cannot run git: {exc.strerror}") from None
        if check and done.returncode != 0:
            raise SyncError(f"git {' '.join(args[:2])} failed: {_tail(done)}")
        return done

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0


def _tail(done: subprocess.CompletedProcess[str]) -> str:
    text = (done.stderr.strip() or done.stdout.strip() or f"exit code {done.returncode}").splitlines()
    return " / ".join(line.strip() for line in text[-4:])


def ensure_gitignore(ws: Workspace) -> bool:
    """Make the workspace's .gitignore list lock and temp files; True if it was written."""
    file = ws.path(GITIGNORE_FILE)
    try:
        lines = read_bytes(file, 1 << 20).decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        lines = []
    missing = [p for p in GITIGNORE_LINES if p not in lines]
    if not missing:
        return False
    atomic_write(file, ("\n".join([*lines, *missing]) + "\n").encode("utf-8"))
    return True


def person_of_path(rel: str) -> str | None:
    """The person folder a workspace-relative path belongs to, or None for a shared file."""
    parts = rel.split("/")
    if len(parts) < 2 or parts[0] not in PERSON_FOLDERS:
        return None
    return parts[1] if len(parts) > 2 else parts[1].split(".", 1)[0]


def sync(root: str | Path, user: str | None = None, message: str | None = None) -> SyncResult:
    """Commit the user's files and changed shared files, pull --rebase, push (see module doc)."""
    ws = Workspace(root)
    me = current_user(user)
    git = Git(ws.root)
    if not git.ok("rev-parse", "--is-inside-work-tree"):
        raise SyncError(f"{ws.root}: is not in a git repository. To share it: git init, add a remote "
                        "(git remote add origin URL), then vendorbench sync")
    top = Path(git.out("rev-parse", "--show-toplevel"))
    prefix = os.path.relpath(os.path.realpath(ws.root), os.path.realpath(top)).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    git = Git(top)  # every path below is relative to the top of the repository
    _refuse_unfinished(git)
    branch = git.run("symbolic-ref", "-q", "--short", "HEAD", check=False).stdout.strip()
    if not branch:
        raise SyncError("the repository is on a detached HEAD (no branch); check out your branch "
                        "(git switch main), then sync again")
    remote = git.run("config", f"branch.{branch}.remote", check=False).stdout.strip()
    merge = git.run("config", f"branch.{branch}.merge", check=False).stdout.strip()
    if not remote or not merge:
        remotes = git.out("remote").split()
        set_upstream = f"git push -u {remotes[0] if remotes else 'origin'} {branch}"
        first = "" if git.ok("rev-parse", "-q", "--verify", "HEAD") else "git add -A && git commit -m 'first', then "
        hint = first + (set_upstream if remotes else f"git remote add origin URL, then {set_upstream}")
        raise SyncError(f"branch {branch!r} has no upstream to sync with; set one once: {hint}")

    result = SyncResult()
    if ensure_gitignore(ws):
        result.warnings.append(f"wrote {prefix}{GITIGNORE_FILE} (lock and temp files stay out of git)")
    mine, result.others_changed = _changed_files(git, ws, me, prefix)
    if mine:
        git.run("add", "-A", "--", *(prefix + p for p in mine))
        text = message if message is not None and message.strip() else f"{ws.meta.name}: {me}'s changes"
        commit = git.run("commit", "-q", "-m", text, "--only", "--", *(prefix + p for p in mine), check=False)
        if commit.returncode != 0:
            raise SyncError(f"could not commit your changes: {_tail(commit)}. Nothing was sent; "
                            "if git asks who you are: git config user.name / user.email")
        result.committed = mine
    for attempt in range(PUSH_ATTEMPTS):
        result.pulled += _pull(git, remote, branch, merge, prefix)
        push = git.run("push", "--porcelain", remote, f"HEAD:{merge}", check=False)
        if push.returncode == 0:
            result.pushed = True
            break
        rejected = "rejected" in push.stdout or "rejected" in push.stderr or "fetch first" in push.stderr
        if not rejected or attempt == PUSH_ATTEMPTS - 1:
            raise SyncError(f"push to {remote} was refused: {_tail(push)}. Your changes are committed "
                            "locally; run vendorbench sync again later" +
                            ("" if rejected else " (check access to the remote)"))
    result.warnings += check_workspace(ws)
    return result


def _git_path(git: Git, name: str) -> Path:
    path = Path(git.out("rev-parse", "--git-path", name))
    return path if path.is_absolute() else git.cwd / path


def _refuse_unfinished(git: Git) -> None:
    for marker, command in (("rebase-merge", "rebase"), ("rebase-apply", "rebase"), ("MERGE_HEAD", "merge"),
                            ("CHERRY_PICK_HEAD", "cherry-pick")):
        if _git_path(git, marker).exists():
            raise SyncError(f"a {command} is already in progress in this repository; finish it "
                            f"(git {command} --continue) or abandon it (git {command} --abort), then sync again")


def _changed_files(git: Git, ws: Workspace, me: str, prefix: str) -> tuple[list[str], list[str]]:
    """Workspace-relative paths changed here: (mine or shared, other people's)."""
    status = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", prefix or ".").stdout
    entries = status.split("\0")
    paths: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":  # a rename: the next field is the old path
            paths.append(entries[i])
            i += 1
    my_folders = {ws.person_dir(me)}
    mine: list[str] = []
    others: list[str] = []
    for path in sorted(set(paths)):
        rel = path[len(prefix):] if path.startswith(prefix) else path
        owner = person_of_path(rel)
        (mine if owner is None or owner in my_folders else others).append(rel)
    return mine, others


def _pull(git: Git, remote: str, branch: str, merge: str, prefix: str) -> int:
    """Rebase onto the remote branch; the number of teammates' commits brought in.
    A conflict aborts the rebase (everything as before) and names the files."""
    git.run("fetch", "-q", remote)
    remote_ref = f"refs/remotes/{remote}/{merge.removeprefix('refs/heads/')}"
    if not git.ok("rev-parse", "-q", "--verify", remote_ref):
        return 0  # the first sync into an empty repository: nothing to pull yet
    has_head = git.ok("rev-parse", "-q", "--verify", "HEAD")
    incoming = int(git.out("rev-list", "--count", f"HEAD..{remote_ref}")) if has_head else 1
    if not incoming:
        return 0
    pull = git.run("rebase", "-q", "--autostash", remote_ref, check=False) if has_head else \
        git.run("checkout", "-q", "-B", branch, remote_ref, check=False)  # nothing of mine committed yet
    if pull.returncode == 0:
        return incoming
    conflicts = git.run("diff", "--name-only", "--diff-filter=U", check=False).stdout.split()
    if _git_path(git, "rebase-merge").exists() or _git_path(git, "rebase-apply").exists():
        git.run("rebase", "--abort", check=False)
    if conflicts:
        names = ", ".join(p[len(prefix):] if p.startswith(prefix) else p for p in conflicts)
        lead = " (workspace.json holds the lead's settings: the lead decides)" if "workspace.json" in names else ""
        raise SyncError(f"a teammate changed the same file(s) as you: {names}. Nothing was lost: the pull was "
                        "undone and your changes are committed locally, not sent. Agree with your teammate whose "
                        f"version to keep{lead}; then to keep theirs run git pull --rebase -X ours, or to merge "
                        "by hand run git pull --rebase, fix the marked files, git add them and git rebase "
                        "--continue; then vendorbench sync again")
    raise SyncError(f"could not bring in your teammates' changes: {_tail(pull)}. Nothing was sent")


def check_workspace(ws: Workspace) -> list[str]:
    """Check what arrived: no symbolic links anywhere in the workspace, every record
    readable; duplicate vendors (two people added the same one) are reported."""
    for folder, dirs, files in os.walk(ws.root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if path.is_symlink():
                raise SyncError(f"{path}: a symbolic link arrived in the workspace; vendorbench never follows "
                                "links in a workspace. Ask who committed it to replace it with the real file "
                                "(git log -- PATH), and remove it: git rm PATH")
    from . import results

    try:
        res = results.load(ws)  # reads and validates every vendor, answer, finding and setting
    except VendorbenchError as exc:
        raise SyncError(f"synced, but the workspace now holds a file vendorbench refuses: {exc}") from None
    return duplicate_vendor_warnings(r.vendor for r in res.vendors)


def describe(result: SyncResult) -> Sequence[str]:
    lines = [f"committed {len(result.committed)} file(s)" if result.committed else "nothing of yours to commit",
             f"brought in {result.pulled} commit(s) from teammates" if result.pulled else "no new changes from "
             "teammates", "pushed" if result.pushed else "not pushed"]
    if result.others_changed:
        lines.append(f"left alone {len(result.others_changed)} changed file(s) of other people (not committed): "
                     + ", ".join(result.others_changed[:5]) + (" ..." if len(result.others_changed) > 5 else ""))
    return lines
