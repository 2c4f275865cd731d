"""The `sim` command: parses arguments, calls the public functions, prints.

    sim validate SCENARIO.yaml...
    sim run SCENARIO.yaml... [--replications N] [--seed S] [--jobs J] [--out DIR] [--force]
    sim compare SCENARIO.yaml...|RUN_DIR... [--replications N] [--seed S] [--jobs J]
                [--out DIR] [--force] [--lang zh|en]
    sim report RUN_DIR... [--format docx|xlsx|md] [--lang zh|en] [--out FILE] [--force]
    sim sweep SCENARIO.yaml --grid GRID.yaml [--replications N] [--jobs J] [--out FILE]
    sim evaluate [SCENARIO.yaml] [--replications N] [--out DIR]
    sim sensitivity SCENARIO.yaml... [--population-scale F] [--trajectories N]
                [--samples N] [--top N] [--out DIR]
    sim calibrate [--replications N] [--scenario SCENARIO.yaml]
    sim new-district ID [--year YEAR] [--out DIR]
    sim indicators
    sim pack template OUT.xlsx --district ID [--lang zh|en] [--force]
    sim pack import WORKBOOK.xlsx --district ID [--dry-run] [--force]

`run` and `compare` take `--district ID` (repeated) to run every scenario for several
district packs and in total.

`run`, `compare` and `sweep` take `--backend processes|dask` and, with dask,
`--dask-scheduler ADDRESS` for an existing cluster.

Bad input (a broken scenario file, a bad flag, an output that exists, a folder
that is not a run folder) prints one line naming the file and the key, exits
with code 2 and writes nothing. Heavy libraries are imported inside the
commands that use them, so `sim --help` and `sim validate` start quickly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from sim import __version__
from sim.cli import district_commands, flags, pack_commands, run_commands, study_commands
from sim.errors import InputError

EXIT_BAD_INPUT = flags.EXIT_BAD_INPUT
EXIT_INTERRUPTED = 130
#: Each command family: its parsers and its commands, in the order `sim --help` lists them.
FAMILIES = (run_commands, study_commands, district_commands, pack_commands)
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    name: command for family in FAMILIES for name, command in family.COMMANDS.items()
}


def _parser() -> argparse.ArgumentParser:
    parser = flags.Parser(prog="sim", description="Elderly-care capacity planning simulator.")
    parser.add_argument("--version", action="version", version=f"sim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=flags.Parser)
    for family in FAMILIES:
        family.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sim` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as error:
        print(error.line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sim: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED


def entry_point() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())
