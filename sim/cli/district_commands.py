"""`sim new-district` and `sim indicators`: a new district pack, and the indicators' list."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sim.cli.flags as flags
from sim.errors import InputError


def add_parsers(commands: Any) -> None:
    """The district commands' parsers, added to the `sim` command's subparsers."""
    new_district = commands.add_parser("new-district", help="write an empty district pack "
                                       "with every field explained")  # fmt: skip
    new_district.add_argument("id", metavar="ID", help="the district's id (a folder name)")
    new_district.add_argument(
        "--year", type=flags.base_year, default=2025, help="its first base year"
    )
    new_district.add_argument("--out", type=Path,
                              help="folder to write (default: data/districts/ID)")  # fmt: skip
    new_district.add_argument("--force", action="store_true", help="replace an existing folder")

    commands.add_parser("indicators", help="list indicator ids, names and units")


def _new_district(args: argparse.Namespace) -> int:
    from sim.config.pack_readers import districts_dir
    from sim.config.pack_template import empty_pack_files
    from sim.experiments.folders import staged_outputs

    if not args.id.replace("-", "").replace("_", "").isalnum():
        raise InputError(args.id, "", "expected an id of letters, digits, - and _")
    folder = args.out or districts_dir() / args.id
    with staged_outputs([folder], force=args.force, folders=True) as (staging,):
        staging.mkdir()
        for name, text in empty_pack_files(args.id, args.year).items():
            (staging / name).parent.mkdir(exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
    print(f"district pack: {folder} (fill in observed.csv; see its README.md)")
    return 0


def _print_indicator_list() -> int:
    from sim.present.terminal import print_indicator_list

    return print_indicator_list()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new-district": _new_district,
    "indicators": lambda _args: _print_indicator_list(),
}
