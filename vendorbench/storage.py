"""Crash-safe, multi-process-safe TinyDB storage.

TinyDB's JSONStorage overwrites files in place (a kill mid-write tears the file)
and has no locking (concurrent writers lose updates). Here:

- every write goes to a temp file in the same directory, is fsynced, then
  os.replace()d over the target and the directory is fsynced: a reader or a
  crash sees the old file or the new one, never a mix;
- writers hold an fcntl lock on a lock file for the whole read-modify-write, so
  a second process waits briefly, then gets a clear refusal, never a lost update;
- a transaction batches TinyDB's own writes (upsert is update + insert: two
  writes) into one atomic replace, and writes nothing when nothing changed;
- a file that does not parse raises CorruptFileError and is never overwritten;
- workspace files arrive from other people (git, a synced folder), so every
  path inside a workspace is built by workspace_path() (one checked component
  at a time, no symbolic links on the way) and data and lock files are opened
  with O_NOFOLLOW, must be regular files and are read with a size limit.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from .errors import CorruptFileError, LockedError, StoreError, UnsafePathError

FILE_MODE = 0o600
DIR_MODE = 0o700
_TEMP_RE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")
# One path component inside a workspace: no separator, no "." or "..", nothing a
# shell or another OS reads specially; a leading dot only for vendorbench's own
# lock files.
_COMPONENT_RE = re.compile(r"^\.?[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
# Data files are small (one category of one vendor); the limit bounds the memory a
# hostile or runaway file can take (a FIFO or /dev/zero never gets this far).
MAX_DATA_FILE = 64 * 1024 * 1024


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("VENDORBENCH_LOCK_TIMEOUT", "5")))
    except ValueError:
        return 5.0


# --- paths inside a workspace ---------------------------------------------------


def workspace_path(root: str | Path, *parts: str) -> Path:
    """THE way to build a path inside a workspace: root joined with parts, checked.

    Each part is one or more "/"-separated components; every component must match
    a strict pattern (letters, digits, . _ -, no "..", no separators), so the
    result is lexically inside root. Every component that exists on disk is
    checked not to be a symbolic link (and the folders on the way to be folders),
    so it is also physically inside root: a link planted in a shared workspace
    cannot redirect a save or a delete elsewhere. Raises UnsafePathError naming
    the path. Cost: one lstat per existing component, a few microseconds.
    """
    base = Path(os.path.abspath(root))
    components: list[str] = []
    for part in parts:
        for component in str(part).split("/"):
            if not _COMPONENT_RE.fullmatch(component) or ".." in component:
                raise UnsafePathError(f"{base}: refusing the path component {component!r} inside the workspace "
                                      "(only letters, digits, '.', '_' and '-'; no '..' or separators)")
            components.append(component)
    path = base
    for i, component in enumerate(components):
        path = path / component
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            break
        except OSError as exc:
            raise StoreError(f"{path}: cannot check: {exc.strerror}") from None
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePathError(f"{path}: is a symbolic link; vendorbench never follows links inside a "
                                  "workspace. Replace it with the real file or folder.")
        if i < len(components) - 1 and not stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"{path}: expected a folder, found a file")
    return base.joinpath(*components)


def is_safe_component(name: str) -> bool:
    """Whether a name read from disk (a folder listing) may be used as a path component."""
    return bool(_COMPONENT_RE.fullmatch(name)) and ".." not in name


# --- plain file operations ------------------------------------------------------


def make_dir(path: Path) -> None:
    """Create path (and missing parents) as 0700: workspaces hold commercial terms."""
    try:
        for folder in [*reversed(path.parents), path]:
            if not folder.exists():
                folder.mkdir(mode=DIR_MODE, exist_ok=True)  # exist_ok: a concurrent first save
                fsync_dir(folder.parent)  # the new folder survives a power loss
    except OSError as exc:
        raise StoreError(f"{path}: cannot create folder: {exc.strerror}") from None


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path with data so that a crash leaves either the old or the new file."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    replaced = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        replaced = True
        fsync_dir(path.parent)
    except BaseException as exc:
        if not replaced:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if not isinstance(exc, OSError):
            raise
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        if replaced:
            raise StoreError(f"{path}: saved, but the folder could not be synced to disk ({reason}); "
                             "a power cut now could lose this save") from None
        raise StoreError(f"{path}: could not save: {reason}; the previous version is intact") from None


def remove_stale_temps(directory: Path) -> None:
    """Delete temp files left by writers that died before their os.replace()."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if not (name.startswith(".") and name.endswith(".tmp")):
            continue
        m = _TEMP_RE.match(name)
        if m and not _pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                (directory / name).unlink()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def file_lock(lock_path: Path, what: str, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock; wait up to timeout seconds, then refuse clearly."""
    timeout = lock_timeout() if timeout is None else timeout
    fd = _open_lock_file(lock_path)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise LockedError(
                        f"{what} is being saved by another vendorbench process{holder}; "
                        f"gave up after {timeout:g} s. Nothing was written: try again."
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.01)  # short polls keep waiting writers from starving
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _open_lock_file(lock_path: Path) -> int:
    """Open (creating) a lock file without following a symbolic link: the holder's pid is
    written into it, so a planted link would truncate the file it points to."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError(f"{lock_path}: the lock file is a symbolic link; vendorbench never follows "
                                  "links inside a workspace. Delete the link and try again.") from None
        raise StoreError(f"{lock_path}: cannot open lock file: {exc.strerror}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
        os.close(fd)
        what = "has other hard links" if stat.S_ISREG(st.st_mode) else "is not a regular file"
        raise UnsafePathError(f"{lock_path}: the lock file {what}; delete it and try again")
    return fd


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode().strip())
        return f" (pid {pid})"
    return ""


def read_bytes(path: str | Path, limit: int = MAX_DATA_FILE, follow_symlinks: bool = False) -> bytes:
    """Read a whole regular file, at most limit bytes; FileNotFoundError if absent.

    Workspace files are opened without following a symbolic link; anything but a
    regular file (a FIFO would block forever, /dev/zero never ends) is refused
    before a byte is read, with a StoreError naming the path.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError(f"{path}: is a symbolic link; vendorbench never follows links inside a "
                                  "workspace. Replace it with the real file.") from None
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a pipe" if stat.S_ISFIFO(st.st_mode) else \
                "a device or special file"
            raise StoreError(f"{path}: is {kind}, not a regular file")
        if st.st_size > limit:
            raise StoreError(f"{path}: is {st.st_size:,} bytes; the limit is {limit:,}")
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while being read
                raise StoreError(f"{path}: is larger than the limit of {limit:,} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_input(path: str | Path, limit: int = MAX_DATA_FILE) -> bytes:
    """A file the user names on the command line (an import, a vendor's workbook, an evidence file):
    read as read_bytes reads workspace files (regular files only, bounded), but a symbolic link the
    user chose is followed."""
    return read_bytes(path, limit, follow_symlinks=True)


def parse_json(path: str | Path, raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except RecursionError:
        raise CorruptFileError(f"{path}: the file is nested too deeply to be a vendorbench file. It was left "
                               "untouched: restore it from a backup or move it aside.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFileError(
            f"{path}: the file is corrupt or truncated ({exc}). It was left untouched: "
            "restore it from a backup or move it aside, then try again."
        ) from None


_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode


def dump_json(tables: dict[str, dict[str, Any]]) -> bytes:
    """Serialise a TinyDB document: one record per line, so a change reads as a
    one-line diff in a shared git repository; the C encoder keeps it fast."""
    parts = []
    for name in sorted(tables):
        docs = tables[name]
        lines = ",\n".join(f" {_ENCODE(k)}: {_ENCODE(docs[k])}" for k in sorted(docs, key=_doc_id_order))
        parts.append(f"{_ENCODE(name)}: {{\n{lines}\n}}" if lines else f"{_ENCODE(name)}: {{}}")
    return ("{" + ",\n".join(parts) + "}\n").encode("utf-8")


def _doc_id_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 62, key)


# --- TinyDB storage -------------------------------------------------------------------


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic writes and write batching (see module docstring).

    Reads are served from memory after the first one: the caller holds the file's
    lock for the object's whole life, so nobody else can change the file meanwhile.
    """

    def __init__(self, path: str | Path, **_: Any):
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._raw: bytes | None = None  # the file as read, to skip writes that change nothing
        self._loaded = False
        self._batch_depth = 0
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            try:
                content = read_bytes(self.path)
            except FileNotFoundError:
                raw, data = None, None
            else:
                raw, data = content, parse_tables(self.path, content)
            self._raw, self._data, self._loaded = raw, data, True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data, self._loaded = data, True
        if self._batch_depth:
            self._dirty = True
        else:
            self._commit()

    def _commit(self) -> None:
        assert self._data is not None
        encoded = dump_json(self._data)
        if encoded != self._raw:
            atomic_write(self.path, encoded)
            self._raw = encoded

    def close(self) -> None:
        pass

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Collect every write inside the block into one atomic write at its end.

        On an exception nothing is written and the in-memory state is dropped
        (the next read goes back to the file).
        """
        self.read()
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._loaded = self._dirty = False
            self._data = None
            raise
        finally:
            self._batch_depth -= 1
        if self._dirty and self._batch_depth == 0:
            self._dirty = False
            self._commit()


def parse_tables(path: str | Path, raw: bytes) -> dict[str, dict[str, dict]]:
    """Parse a TinyDB file: a JSON object of tables, each an object of documents."""
    data = parse_json(path, raw)
    if not _is_tinydb_document(data):
        raise CorruptFileError(
            f"{path}: not a vendorbench data file (unexpected structure). "
            "It was left untouched: restore it from a backup or move it aside."
        )
    return data


def _is_tinydb_document(data: Any) -> bool:
    if type(data) is not dict:
        return False
    for table in data.values():
        if type(table) is not dict:
            return False
        for doc in table.values():
            if type(doc) is not dict:
                return False
    return True


@contextlib.contextmanager
def open_locked(path: Path, lock_path: Path, what: str) -> Iterator[TinyDB]:
    """A TinyDB on path for one read-modify-write under the lock, batched into one write."""
    with file_lock(lock_path, what):
        remove_stale_temps(path.parent)
        db = TinyDB(path, storage=AtomicJSONStorage)
        storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
        with storage.transaction():
            yield db


def read_tables(path: str | Path) -> dict[str, dict[str, dict]]:
    """Read a TinyDB file without locking (writers replace files atomically); {} if absent."""
    try:
        return parse_tables(path, read_bytes(path))
    except FileNotFoundError:
        return {}
