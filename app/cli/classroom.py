"""``kubelearn class ...``: a class's commands. Each one is a module with
``add_subparser(class_subparsers)`` and ``run(args)``, listed in :data:`SUBCOMMANDS`."""

from __future__ import annotations

import argparse
from typing import Any

from kubelearn.cli import class_import, class_list, class_report, class_watch
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
