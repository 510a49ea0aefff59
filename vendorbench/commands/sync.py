"""`vendorbench sync DIR`: share the workspace with the team through its git repository.

Thin like the rest of the CLI: parse, call vendorbench.sync, print.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def add_parsers(cmd: Callable[[str, str], argparse.ArgumentParser]) -> None:
    sp = cmd("sync", "commit your changes to the workspace, pull your teammates' (git pull --rebase), push")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--as", dest="user", metavar="NAME",
                    help="who you are (default: $VENDORBENCH_USER, else your login name)")
    sp.add_argument("--message", metavar="TEXT", help="the commit message (default: EVENT: NAME's changes)")


def cmd_sync(args: argparse.Namespace) -> int:
    from .. import sync

    result = sync.sync(args.dir, args.user, args.message)
    for line in sync.describe(result):
        print(line)
    for warning in result.warnings:
        print(f"vendorbench: warning: {warning}", file=sys.stderr)
    return 0


COMMANDS = {"sync": cmd_sync}
