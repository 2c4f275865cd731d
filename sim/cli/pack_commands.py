"""`sim pack template` and `sim pack import`: the bureau's data-collection workbook of a
district pack, and its figures back into the pack (`docs/workbook.md`).

    sim pack template OUT.xlsx --district ID [--lang zh|en] [--force]
    sim pack import WORKBOOK.xlsx --district ID [--dry-run] [--force]

The import checks every cell first; any problem prints every problem line (sheet, cell,
column, what was expected), exits with code 2 and writes nothing. Otherwise the changed
pack files are written together through the one atomic writer (`staged_outputs`), or,
with `--dry-run`, only listed (file, key, old -> new).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sim.cli.flags as flags


def add_parsers(commands: Any) -> None:
    """The pack commands' parsers, added to the `sim` command's subparsers."""
    pack = commands.add_parser("pack", help="the bureau's data-collection workbook of a "
                               "district pack")  # fmt: skip
    actions = pack.add_subparsers(dest="pack_command", required=True, parser_class=flags.Parser)
    template = actions.add_parser("template", help="write the workbook, prefilled from the pack")
    template.add_argument("out", type=Path, metavar="OUT.xlsx", help="workbook to write")
    template.add_argument("--district", required=True, help="the pack: an id or a folder")
    template.add_argument("--lang", choices=("zh", "en"), default="zh", help="its language")
    template.add_argument("--force", action="store_true", help="replace an existing file")
    importing = actions.add_parser("import", help="check a filled workbook and write its "
                                   "figures into the pack")  # fmt: skip
    importing.add_argument("workbook", type=Path, metavar="WORKBOOK.xlsx")
    importing.add_argument("--district", required=True, help="the pack: an id or a folder")
    importing.add_argument("--dry-run", action="store_true",
                           help="list what would change and write nothing")  # fmt: skip
    importing.add_argument("--force", action="store_true",
                           help="replace figures the pack already holds as observed")  # fmt: skip


def _template(args: argparse.Namespace) -> int:
    from sim.config.pack_readers import load_pack
    from sim.config.workbook.template import write_template
    from sim.experiments.folders import staged_outputs

    pack = load_pack(args.district)
    out = args.out if args.out.suffix else args.out.with_suffix(".xlsx")
    with staged_outputs([out], force=args.force) as (staging,):
        write_template(pack, staging, args.lang)
    print(f"workbook: {out}")
    return 0


def _print_changes(changes: list[Any]) -> None:
    from sim.catalogue import text

    if not changes:
        print(text("workbook.cli.unchanged", "en"))
        return
    width = max(len(f"{change.file} {change.key}") for change in changes)
    for change in changes:
        where = f"{change.file} {change.key}".ljust(width)
        print(f"{where}  {change.old or '-'} -> {change.new or '-'}")


def _import(args: argparse.Namespace) -> int:
    from sim.config.pack_readers import load_pack
    from sim.config.workbook.merge import plan_import
    from sim.errors import InputError
    from sim.experiments.folders import staged_outputs

    if not args.workbook.is_file():
        raise InputError(str(args.workbook), "", "file not found")
    pack = load_pack(args.district)
    plan, problems = plan_import(pack, args.workbook, force=args.force)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        return flags.EXIT_BAD_INPUT
    for note in plan.notes:
        print(note, file=sys.stderr)
    _print_changes(plan.changes)
    if args.dry_run or not plan.files:
        return 0
    targets = [pack.folder / name for name in plan.files]
    # The pack's files are replaced on purpose (the import's whole point); figures a user
    # had already observed were refused above unless --force was given.
    with staged_outputs(targets, force=True) as staged:
        for path, content in zip(staged, plan.files.values(), strict=True):
            path.write_text(content, encoding="utf-8")
    print(f"district pack: {pack.folder} ({len(targets)} file(s) written)")
    return 0


def _pack(args: argparse.Namespace) -> int:
    return {"template": _template, "import": _import}[args.pack_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"pack": _pack}
