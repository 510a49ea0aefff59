"""Errors a user can act on. The CLI prints their message and exits 1; the TUI
shows it as a notification. Anything else escaping is a bug."""


class VendorbenchError(Exception):
    """Bad input or a state the user must fix; the message says what and where."""


class StoreError(VendorbenchError):
    """The workspace on disk cannot be read or written (permissions, disk full...)."""


class CorruptFileError(StoreError):
    """A workspace file does not parse. It is left untouched for the user to recover."""


class LockedError(StoreError):
    """Another process holds the write lock of a workspace file for too long."""


class UnsafePathError(StoreError):
    """A workspace path that would leave the workspace or go through a symbolic link."""
