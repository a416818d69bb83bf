"""``kubelearn class ...``: a class's commands. Each one is a module with
``add_subparser(class_subparsers)`` and ``run(args)``, listed in :data:`SUBCOMMANDS`."""

from __future__ import annotations

import argparse
from typing import Any

# Named in full (not `from kubelearn.cli import ...`): importing the package from one of its
# modules is a cycle (tests/test_import_hygiene.py).
import kubelearn.cli.class_import as class_import
import kubelearn.cli.class_list as class_list
import kubelearn.cli.class_report as class_report
import kubelearn.cli.class_watch as class_watch
from kubelearn.cli.common import UsageError

SUBCOMMANDS = {"import": class_import, "list": class_list, "report": class_report,
               "watch": class_watch}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``class`` and its subcommands."""
    parser = subparsers.add_parser("class", help="a class: import, list, report, watch",
                                   description="Commands for a class that kubelearn serve "
                                               "runs.")
    class_subparsers = parser.add_subparsers(dest="class_command", metavar="SUBCOMMAND")
    for module in SUBCOMMANDS.values():
        module.add_subparser(class_subparsers)
    return parser


def run(args: argparse.Namespace) -> int:
    if args.class_command is None:
        raise UsageError("name a subcommand: " + ", ".join(SUBCOMMANDS), "class")
    return SUBCOMMANDS[args.class_command].run(args)
