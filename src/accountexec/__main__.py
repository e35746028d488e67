"""The command line: ``python -m accountexec demo`` walks through the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accountexec.errors import AccountExecError


def _demo(args: argparse.Namespace) -> int:
    from accountexec import demo

    print(demo.run(locale=args.locale, fmt=args.format))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``)."""
    parser = argparse.ArgumentParser(
        prog="python -m accountexec",
        description="accountexec: the domain core of an account executive's work.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="walk one client through the library, from brief to paid invoice",
        description="A guided, deterministic walk through the library (fixed dates, no clock).",
    )
    demo.add_argument("--locale", default="en_US", help="locale for money and dates (default: en_US)")
    demo.add_argument(
        "--format",
        default="text",
        choices=("text", "markdown", "html"),
        help="output format (default: text)",
    )
    demo.set_defaults(handler=_demo)
    args = parser.parse_args(argv)
    handler = args.handler
    try:
        return int(handler(args))
    except AccountExecError as exc:
        print(f"accountexec: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
