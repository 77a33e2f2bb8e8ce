"""The ``servgap`` command: ``demo``, ``validate`` and ``instruments``. Thin: it calls the public API."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import instruments
from .errors import ServgapError, SurveyValidationError
from .i18n import LABELS, LANGUAGES, label
from .instrument import Instrument

__all__ = ["main"]

# Control characters from a file (an id holding "\x1b[2J" clears the terminal) are printed as escapes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _instrument(value: str) -> Instrument:
    path = Path(value)
    if path.suffix.lower() in (".csv", ".json", ".tsv") and path.exists():
        return Instrument.from_codebook(path)
    return instruments.get(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="servgap", description="Service-quality gap (SERVQUAL) survey analysis.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="analyse the bundled example survey and write its tables")
    demo.add_argument("-o", "--output", default="servgap-demo", help="folder for the tables (default: servgap-demo)")
    demo.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the summary")

    val = sub.add_parser("validate", help="check a survey file and print what is wrong with it")
    val.add_argument("file")
    val.add_argument("--instrument", required=True, help="preset name (servgap instruments) or codebook CSV/JSON")
    val.add_argument("--expectation", default=None, help='template/regex, e.g. "E_{item}"; "none" if absent')
    val.add_argument("--perception", default=None, help='template/regex, e.g. "P_{item}"')
    val.add_argument("--id", default=None, help="respondent id column")
    val.add_argument("--segments", nargs="*", default=(), help="segment columns")
    val.add_argument("--missing-values", nargs="*", default=(), help='codes meaning no answer, e.g. 0 99 "N/A"')
    val.add_argument("--encoding", default=None)
    val.add_argument("--sheet", default=None)
    val.add_argument("--lang", choices=LANGUAGES, default="en")

    listing = sub.add_parser("instruments", help="list the bundled instruments")
    listing.add_argument("--lang", choices=LANGUAGES, default="en")
    return parser


def main(argv=None) -> int:
    """Entry point of the ``servgap`` console script; returns the exit code.

    Examples
    --------
    >>> from servgap.cli import main
    >>> main(["instruments"])  # doctest: +ELLIPSIS
    esqual ...
    0
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo(Path(args.output), args.lang)
        if args.command == "validate":
            return _validate(args)
        for name in instruments.available():
            inst = instruments.get(name)
            key = f"instrument.{name}"
            text = LABELS[args.lang][key] if key in LABELS[args.lang] else inst.description
            print(f"{name:<11} {inst.n_items:>3} {label('cli.instruments.items', args.lang)}  {text}")
        return 0
    except SurveyValidationError as exc:
        print(_printable(exc), file=sys.stderr)
        return 1
    except (ServgapError, ValueError, TypeError, re.error) as exc:
        # a bad option (mapping template, regex, code list) is the user's to fix, not a traceback
        print(f"servgap: {_printable(exc)}", file=sys.stderr)
        return 2


def _validate(args) -> int:
    from .io.loader import DEFAULT, read_survey

    def spec(value):
        if value is None:
            return DEFAULT
        return None if value.lower() == "none" else value

    try:
        survey = read_survey(args.file, _instrument(args.instrument), expectation=spec(args.expectation),
                             perception=spec(args.perception), id=args.id, segments=args.segments,
                             missing_values=args.missing_values, encoding=args.encoding, sheet=args.sheet)
    except SurveyValidationError as exc:
        print(label("cli.validate.invalid", args.lang))
        print(_printable(exc))
        return 1
    print(label("cli.validate.ok", args.lang))
    print(_printable(survey.summary(args.lang)))
    if len(survey.exclusions):
        print(_printable(survey.exclusions.to_string(max_rows=20)))
    return 0


def _demo(output: Path, lang: str) -> int:
    from .demo import run_demo

    tables = run_demo(output)
    from .datasets import load_example

    print(load_example().summary(lang))
    print()
    overall = tables["gaps_overall"]
    print(f"{label('overall', lang)}: {overall['gap_mean'].iloc[0]:.3f} "
          f"[{overall['ci_low'].iloc[0]:.3f}, {overall['ci_high'].iloc[0]:.3f}]")
    dims = tables["gaps_dimension"]
    for row in dims.itertuples():
        name = instruments.get("servqual22").dimension_label(row.dimension, lang)
        print(f"  {name:<16} {row.gap_mean:7.3f}")
    print(f"{label('cli.demo.written', lang)} {output}/: {', '.join(sorted(f'{k}.csv' for k in tables))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
