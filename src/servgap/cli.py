"""The ``servgap`` command: ``demo``, ``validate`` and ``instruments``. Thin: it calls the public API."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import pandas as pd

from . import instruments
from .errors import ServgapError, SurveyValidationError
from .i18n import LABELS, LANGUAGES, label, message
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
    val.add_argument("--importance", default=None, help='template of importance ratings, e.g. "I_{item}"')
    val.add_argument("--weight", default=None, help="survey-weight column")
    val.add_argument("--lang", choices=LANGUAGES, default="en")
    _loader_extras(val)

    rep = sub.add_parser("report", help="analyse a survey file and write its report (HTML, Excel, Word)")
    rep.add_argument("file")
    rep.add_argument("--instrument", required=True, help="preset name (servgap instruments) or codebook CSV/JSON")
    rep.add_argument("--expectation", default=None, help='template/regex, e.g. "E_{item}"; "none" if absent')
    rep.add_argument("--perception", default=None, help='template/regex, e.g. "P_{item}"')
    rep.add_argument("--importance", default=None, help='template of importance ratings, e.g. "I_{item}"')
    rep.add_argument("--id", default=None, help="respondent id column")
    rep.add_argument("--segments", nargs="*", default=(), help="segment columns")
    rep.add_argument("--weight", default=None, help="survey-weight column")
    rep.add_argument("--missing-values", nargs="*", default=(), help='codes meaning no answer, e.g. 0 99 "N/A"')
    rep.add_argument("--encoding", default=None)
    rep.add_argument("--sheet", default=None)
    rep.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the report")
    rep.add_argument("-o", "--output", default="report.html", help="HTML report (default: report.html)")
    rep.add_argument("--excel", default=None, help="also write the tables to this Excel file")
    rep.add_argument("--docx", default=None, help="also write a Word document")
    rep.add_argument("--title", default=None, help="title of the report")
    rep.add_argument("--include-ids", action="store_true", help="print respondent ids (default: row numbers)")
    rep.add_argument("--min-cell", type=int, default=5, help="suppress segment groups smaller than this")
    rep.add_argument("--chapter", type=int, default=None, help='number captions "Tabel 4.1" in Word (chapter 4)')
    _loader_extras(rep)

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
    _utf8_output()
    args = _parser().parse_args(argv)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a reader that has gone (``| head``) shows here, where it is caught
        return code
    except BrokenPipeError:
        # the reader (``| head``) has gone: no traceback, and none when Python flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except SurveyValidationError as exc:
        print(_printable(exc), file=sys.stderr)
        return 1
    except (ServgapError, ValueError, TypeError, re.error) as exc:
        # a bad option (mapping template, regex, code list) is the user's to fix, not a traceback
        key = getattr(exc, "key", None)  # a keyed error is said in the chosen language
        text = message(key, getattr(args, "lang", "en"), **exc.values) if key else exc
        print(f"servgap: {_printable(text)}", file=sys.stderr)
        return 2


def _dispatch(args) -> int:
    if args.command == "demo":
        return _demo(Path(args.output), args.lang)
    if args.command == "validate":
        return _validate(args)
    if args.command == "report":
        return _report(args)
    for name in instruments.available():
        inst = instruments.get(name)
        key = f"instrument.{name}"
        text = LABELS[args.lang][key] if key in LABELS[args.lang] else inst.description
        print(f"{name:<11} {inst.n_items:>3} {label('cli.instruments.items', args.lang)}  {text}")
    return 0


def _validate(args) -> int:
    try:
        survey = _load(args)
    except SurveyValidationError as exc:
        print(label("cli.validate.invalid", args.lang))
        _print_problems(exc, args)
        return 1
    print(label("cli.validate.ok", args.lang))
    print(_printable(survey.summary(args.lang)))
    if len(survey.exclusions):
        log = survey.exclusions
        if args.lang != "en":  # the reason sentences exist in English only: check and action in words
            from .report.core import exclusion_log

            log = exclusion_log(log, args.lang)
        print(_printable(log.to_string(max_rows=20)))
    _scale_hint(survey, args.lang)
    return 0


# -- loading a file from the command line (validate, report) --------------------------------------

def _utf8_output() -> None:
    """Write UTF-8 whatever the console's code page (a cp1252 console cannot encode Korean or
    'Daya Tanggap −1,74'); text that a stream still cannot take is replaced, never an error."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # a stream already written in binary mode keeps its encoding
                pass


def _loader_extras(parser) -> None:
    """Options of read_survey/from_long that validate and report share beyond the basic ones."""
    parser.add_argument("--scale", nargs=2, type=float, metavar=("LOW", "HIGH"), default=None,
                        help="answer scale, overriding the instrument's (e.g. --scale 1 5)")
    parser.add_argument("--long", action="store_true",
                        help="long file: one row per respondent, item and answer kind")
    parser.add_argument("--respondent", default=None, help="long file: respondent id column")
    parser.add_argument("--item", default=None, help="long file: item id column")
    parser.add_argument("--kind", default=None, help="long file: answer-kind column (E/P, harapan/persepsi, …)")
    parser.add_argument("--value", default=None, help="long file: answer column")
    parser.add_argument("--problems", default=None, metavar="FILE",
                        help="write every problem of an invalid file to this CSV file")
    parser.add_argument("--kinds", nargs="*", default=(), metavar="LABEL=KIND",
                        help="long file: answer-kind labels, e.g. H=expectation K=perception")
    parser.add_argument("--values", nargs="*", default=(), metavar="KIND=COLUMN",
                        help="long file with one row per respondent and item: answer columns, e.g. "
                             "expectation=harapan perception=persepsi")
    parser.add_argument("--adequate", default=None, help='template of adequate (minimum) expectations, "M_{item}"')
    parser.add_argument("--desired", default=None, help='template of desired expectations, "D_{item}"')
    parser.add_argument("--dimension-weights", default=None, help='the 100 points per dimension, "W_{dimension}"')
    parser.add_argument("--likert", default=None, help="answer-label set for text answers (servgap.io.likert)")
    parser.add_argument("--on-invalid", choices=("raise", "missing"), default=None,
                        help="raise: list every problem (default); missing: set invalid answers missing, logged")
    parser.add_argument("--missing", choices=("available", "listwise"), default=None,
                        help="available: use the answered pairs (default); listwise: drop incomplete respondents")
    parser.add_argument("--min-items", type=int, default=None, help="answered items a dimension score needs")
    parser.add_argument("--outcomes", nargs="*", default=(), help="outcome columns (overall satisfaction, …)")
    parser.add_argument("--outcome-scale", nargs=2, type=float, metavar=("LOW", "HIGH"), default=None,
                        help="range of the outcome answers")


def _load(args):
    """The survey of the file named on the command line (wide, or long with --long)."""
    from dataclasses import replace

    from .io.loader import DEFAULT, read_survey

    def spec(value):
        if value is None:
            return DEFAULT
        return None if value.lower() == "none" else value

    instrument = _instrument(args.instrument)
    if args.scale is not None:
        low, high = (int(v) if float(v).is_integer() else v for v in args.scale)
        instrument = replace(instrument, scale=(low, high))
    common = {"segments": list(args.segments), "missing_values": list(args.missing_values)}
    if getattr(args, "weight", None):
        common["weight"] = args.weight
    if args.outcomes:
        common["outcomes"] = list(args.outcomes)
    # every other read_survey option, passed only when given (the loader's defaults otherwise)
    given = {"dimension_weights": args.dimension_weights, "likert": args.likert, "on_invalid": args.on_invalid,
             "missing": args.missing, "min_items": args.min_items}
    common.update({k: v for k, v in given.items() if v is not None})
    if args.outcome_scale is not None:
        common["outcome_scale"] = tuple(int(v) if float(v).is_integer() else v for v in args.outcome_scale)
    for name in ("adequate", "desired"):
        if getattr(args, name) is not None:
            common[name] = spec(getattr(args, name))
    if args.long:
        from .io.combine import from_long
        from .io.files import read_table

        values = _pairs(args.values, "--values", args.lang)
        needed = ("respondent", "item") if values else ("respondent", "item", "kind", "value")
        missing = [f"--{name}" for name in needed if getattr(args, name) is None]
        if missing:
            raise ServgapError(label("cli.long.needs", args.lang, options=", ".join(missing)))
        frame = read_table(args.file, encoding=args.encoding, sheet=args.sheet)
        if getattr(args, "importance", None):
            common["importance"] = args.importance
        return from_long(frame, instrument, respondent=args.respondent, item=args.item, kind=args.kind,
                         value=args.value, values=values or None,
                         kinds=_pairs(args.kinds, "--kinds", args.lang) or None, **common)
    if getattr(args, "importance", None):
        common["importance"] = args.importance
    return read_survey(args.file, instrument, expectation=spec(args.expectation), perception=spec(args.perception),
                       id=args.id, encoding=args.encoding, sheet=args.sheet, **common)


def _pairs(items, option: str, lang: str) -> dict:
    """``KEY=VALUE`` words of an option as a dict."""
    pairs = {}
    for item in items:
        key, sep, value = str(item).partition("=")
        if not sep or not key or not value:
            raise ServgapError(label("cli.pairs.bad", lang, option=option, given=item))
        pairs[key] = value
    return pairs


def _problem_line(case, lang: str) -> str:
    """One problem of a SurveyValidationError in ``lang``: where it is, then what it is."""
    where = []
    if not pd.isna(case.row):
        place = label("cli.problem.row", lang, row=int(case.row))
        if not pd.isna(case.respondent) and str(case.respondent) != str(case.row):
            place += " " + label("cli.problem.respondent", lang, respondent=case.respondent)
        where.append(place)
    if not pd.isna(case.column):
        where.append(label("cli.problem.column", lang, column=repr(str(case.column))))
    if not pd.isna(case.value):
        where.append(label("cli.problem.value", lang, value=repr(str(case.value))))
    what = case.problem if lang == "en" else _check_words(case.check, lang)
    return _printable(f"{', '.join(where)}: {what}" if where else what)


def _check_words(check, lang: str) -> str:
    try:
        return label(f"check.{check}", lang)
    except KeyError:
        return str(check)


def _problem_table(cases, lang: str):
    """The problem list as written to --problems: every column, the problem in ``lang``."""
    table = cases.copy()
    if lang != "en":
        table["problem"] = [_check_words(c, lang) for c in table["check"]]
    return table


def _print_problems(exc, args, shown: int = 10) -> None:
    cases = exc.failure_cases
    lang = args.lang
    print(label("cli.problems.one" if len(cases) == 1 else "cli.problems", lang, n=len(cases)))
    for case in cases.head(shown).itertuples(index=False):
        print("  " + _problem_line(case, lang))
    if len(cases) > shown:
        key = "cli.problems.more_written" if args.problems else "cli.problems.more"
        print("  " + label(key, lang, n=len(cases) - shown, file=args.problems or ""))
    if args.problems:
        from .io.export import write_csv

        write_csv(_problem_table(cases, lang), args.problems)
        print(label("cli.problems.written", lang, file=args.problems))
    hint = _scale_hint_for_cases(cases, args)
    if hint:
        print(hint)


def _scale_hint_for_cases(cases, args) -> str:
    """A likely wrong scale among the problems: answers above the scale's top, all whole."""
    outside = cases[cases["check"] == "out_of_scale"]
    if outside.empty:
        return ""
    values = pd.to_numeric(outside["value"].astype(str).str.replace(",", "."), errors="coerce").dropna()
    try:
        low, high = _instrument(args.instrument).scale if args.scale is None else args.scale
    except ServgapError:
        return ""
    if len(values) < 5 or not (values > high).all() or not (values == values.round()).all() or values.max() > 10:
        return ""
    top = int(values.max())
    return label("cli.scale.wide", args.lang, n=len(values), low=_whole(low), high=_whole(high), seen=top)


def _scale_hint(survey, lang: str) -> None:
    """Warn when every answer lies in a narrower scale than the instrument's (1–5 on a 1–7 scale)."""
    low, high = survey.instrument.scale
    seen = [float(pd.DataFrame(v).max().max()) for v in survey.answers.values() if v.size]
    seen = [v for v in seen if not pd.isna(v)]
    if not seen:
        return
    top = max(seen)
    if top < high and top >= low + 2 and float(top).is_integer():
        print(label("cli.scale.narrow", lang, low=_whole(low), high=_whole(high), seen=_whole(top)), file=sys.stderr)


def _whole(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Progress:
    """Steps of a long command on stderr, shown only on a terminal (never in a pipe or a log)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.on = bool(getattr(sys.stderr, "isatty", lambda: False)())

    def __call__(self, key: str, **values) -> None:
        if self.on:
            print(f"… {label(key, self.lang, **values)}", file=sys.stderr, flush=True)


def _report(args) -> int:
    import warnings

    from .report import report

    progress = _Progress(args.lang)
    progress("cli.progress.reading", file=args.file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what the loader set aside is in the exclusion log of the report
            survey = _load(args)
    except SurveyValidationError as exc:
        print(label("cli.validate.invalid", args.lang), file=sys.stderr)
        _stderr(lambda: _print_problems(exc, args))
        return 1
    _scale_hint(survey, args.lang)
    progress("cli.progress.analysing", n=survey.n_respondents)
    segments = list(args.segments) if args.segments else None
    result = report(survey, segments=segments, lang=args.lang, title=args.title, include_ids=args.include_ids,
                    min_cell=args.min_cell)
    written = []
    for path, write in ((args.output, lambda p: result.to_html(p)), (args.excel, lambda p: result.to_excel(p)),
                        (args.docx, lambda p: result.to_docx(p, chapter=args.chapter))):
        if path:
            progress("cli.progress.writing", file=path)
            try:
                write(path)
            except OSError as exc:  # a missing folder, no permission, a file open in Excel
                print(f"servgap: {label('cli.write_failed', args.lang, file=path, reason=exc.strerror or exc)}",
                      file=sys.stderr)
                return 2
            written.append(path)
    print(label("cli.report.written", args.lang, files=", ".join(written)))
    return 0


def _stderr(action) -> None:
    """Run ``action`` with its prints going to stderr."""
    from contextlib import redirect_stdout

    with redirect_stdout(sys.stderr):
        action()


def _demo(output: Path, lang: str) -> int:
    from .demo import run_demo

    tables = run_demo(output)
    from .datasets import load_example

    print(load_example().summary(lang))
    print()
    overall = tables["gaps_overall"]
    from .report.format import format_number

    def three(value) -> str:  # as in every table of the report: a true minus, a decimal comma in Indonesian
        return format_number(value, lang, 3)

    ci = label("cli.demo.ci", lang, low=three(overall["ci_low"].iloc[0]), high=three(overall["ci_high"].iloc[0]))
    print(f"{label('overall', lang)}: {three(overall['gap_mean'].iloc[0])} {ci}")
    dims = tables["gaps_dimension"]
    for row in dims.itertuples():
        name = instruments.get("servqual22").dimension_label(row.dimension, lang)
        print(f"  {name:<16} {three(row.gap_mean):>7}")
    print()
    print(label("cli.demo.action_plan", lang))
    from .priorities import priorities

    plan = priorities(load_example(), lang=lang)
    shown = [list(plan.table.columns).index(c) for c in ("item", "gap_mean", "quadrant_code", "action", "rank")]
    print(plan.to_table(lang=lang).iloc[:8, shown].to_string(index=False))
    print()
    print(f"{label('cli.demo.written', lang)} {output}/: {', '.join(sorted(f'{k}.csv' for k in tables))}")
    from .demo import write_demo_report

    progress = _Progress(lang)
    progress("cli.progress.writing", file=f"{output}/report.html, report.xlsx, report.docx")
    paths = write_demo_report(output, lang=lang)
    print(label("cli.report.written", lang, files=", ".join(str(p) for p in paths)))
    if len(paths) < 3:
        print(label("cli.demo.report_extra", lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
