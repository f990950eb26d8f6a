"""The ``advisor`` command: parse, call the library, render, map errors to exit codes.

Kept thin and lazy: the library, pydantic and PyYAML are imported inside the commands that need
them, so ``advisor --help`` starts in a fraction of the time ``evaluate`` takes.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from advisor._version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from advisor.profiles.profile import Profile
    from advisor.reasoning.batch import Source
    from advisor.reasoning.ruleset import RuleSet

from advisor.cli import streams
from advisor.cli.options import COMPLETE_VAR, choose_format
from advisor.cli.streams import (
    CLOSED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    STDOUT_CLOSED,
)
from advisor.renderers import COMPARISON_FORMATS, FORMATS, describe_formats


class _Command(TyperCommand):
    """A command whose arguments are shown by their names alone.

    Recent typer writes an argument's Python type beside it (``PROFILE <list[str]>``) and
    braces around a required one in the usage line (``{PROFILE}...``): words a user does
    not need. Each argument's metavar says how it is written (``PROFILE...``, ``[NEW]``).
    """

    # Any: the click classes moved into typer (0.29), so their import path depends on its version.
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


def _completer(names: Sequence[str]) -> Callable[[str], list[str]]:
    """What a shell may complete an option's value with: the ``names`` it starts."""
    return lambda incomplete: [name for name in names if name.startswith(incomplete)]


def _argument_name(param: Any) -> str:
    """``PROFILE...`` for an argument that takes several, ``[PATH...]`` when optional too."""
    name: str = param.metavar or (param.name or "").upper()
    if param.nargs == 1:
        return name
    return f"{name[:-1]}...]" if name.endswith("]") else f"{name}..."


app = typer.Typer(
    name="advisor",
    help="Where should your data live, how should it move, and why.",
    rich_markup_mode=None,  # plain help: rich is imported only when a command needs it
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help="Inspect and test rule packs.",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_app, name="rules")

# Text, not Path: typer would read '' as '.', the working directory, and load every YAML file
# in it as a rule pack; _rule_paths refuses it.
RulesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rules",
        metavar="PATH",
        help="Extra rule pack (file or folder) loaded beside the built-in ones; repeatable.",
        show_default=False,
    ),
]
NoBuiltinOption = Annotated[
    bool,
    typer.Option(
        "--no-builtin",
        help="Leave out the built-in rule packs: only the --rules packs count (they must then "
        "declare the decisions and their options).",
    ),
]
_PACK_SUFFIXES = {".yaml", ".yml", ".json"}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Recommend a storage tier and a pipeline for a data workload, with the reasons."""


@app.command(cls=_Command)
def evaluate(  # noqa: PLR0917 - typer passes every option positionally
    profiles: Annotated[
        list[str],
        typer.Argument(
            metavar="PROFILE",
            help="Profile files (YAML or JSON) or folders of them; '-' reads stdin.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{describe_formats()} [default: rich on a terminal, plain otherwise or under "
            "NO_COLOR; with --output, by the file's extension].",
            autocompletion=_completer(FORMATS),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of stdout; '-' is stdout.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="KEY=VALUE",
            help="Evaluate a variant: change one field, as `advisor ask --set` takes it "
            "(volume='1.2 TB', users.0.count=40, latency.freshness=15m); repeatable.",
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            "-v",
            help="Show every reason, each with its condition and the profile's values, and "
            "the rules that nearly raised each losing option.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Processes that share a large portfolio (jsonl and table formats) [default: "
            "one per processor from 100 files on].",
            show_default=False,
        ),
    ] = None,
    no_what_if: Annotated[
        bool,
        typer.Option(
            "--no-what-if",
            help="Skip the search for what would change each answer and the growth outlook: "
            "faster over many profiles; confidence then counts the margin only.",
        ),
    ] = False,
) -> None:
    """Recommend storage and pipeline for each profile.

    PROFILE is a file (YAML or JSON), a folder (its *.yaml, *.yml and *.json files, in name
    order) or '-' for stdin. Several profiles give one result each: a JSON array with
    --format json and one line each with jsonl, both written as each result is ready; one
    line per profile with table, laid out at the end. A bad profile is reported and the
    others still evaluated (exit 2 at the end). Each result says what would change it.
    """
    from advisor.cli.options import settings_for
    from advisor.cli.runner import evaluate_to

    if output is not None and str(output) == "-":
        output = None
    chosen = choose_format(fmt, output)
    _check_inputs(profiles, output, force=force, rules=rules, jobs=jobs)
    ruleset = _rules(rules, no_builtin)
    vary = _variant(assignments, profiles) if assignments else None
    settings = settings_for(chosen, output, explain=explain)
    code = evaluate_to(
        profiles,
        output,
        force=force,
        rules=ruleset,
        what_if=not no_what_if,
        settings=settings,
        vary=vary,
        jobs=jobs,
    )
    if code:
        raise typer.Exit(code)


def _check_inputs(
    profiles: list[str],
    output: Path | None,
    *,
    force: bool,
    rules: list[str] | None,
    jobs: int | None,
) -> None:
    """What evaluate refuses before reading a profile: stdin twice, a bad output, bad --jobs."""
    if profiles.count("-") > 1:
        _fail("'-' (stdin) is given more than once; it can be read only once")
    if output is not None:
        _check_output(output, force, profiles, _rule_paths(rules))
    if jobs is not None and jobs < 1:
        _fail(f"--jobs: {jobs} is not a number of processes", hint="give 1 or more")
    if "-" in profiles and sys.stdin.isatty():
        # Otherwise the command seems to hang: say what it is waiting for.
        streams.say("advisor: reading a profile from the terminal; end it with Ctrl-D")


def _variant(assignments: list[str], profiles: list[str]) -> Callable[[Profile, Source], Profile]:
    """The --set changes applied to each profile; with several, an error names the profile.

    A change no profile could take (a bad key) is refused here, once, not once a profile.
    """
    from dataclasses import replace

    from advisor.errors import InputError
    from advisor.reasoning.batch import profile_files
    from advisor.reasoning.evaluation import check_settings, with_settings

    check_settings(assignments, source="--set")
    several = len(profile_files(profiles)) > 1

    def vary(profile: Profile, source: Source) -> Profile:
        try:
            return with_settings(profile, assignments, source="--set")
        except InputError as exc:
            if not several and source.document == 0:
                raise
            which = f"--set, on {source.file}"
            if source.document:
                which += f" [{source.document}]"
            if profile.name:
                which += f" ({profile.name})"
            raise type(exc)(
                replace(d, source=which) if d.source == "--set" else d for d in exc.diagnostics
            ) from None

    return vary


@app.command(cls=_Command, short_help="Answer questions about a workload; get a recommendation.")
def ask(  # noqa: PLR0917 - typer passes every option positionally
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            "-p",
            metavar="FILE",
            help="Pre-fill answers from a profile, complete or not; only the rest is asked.",
            show_default=False,
        ),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="KEY=VALUE",
            help="Pre-fill one answer, as in a profile: volume='3 TB', latency.freshness=15m, "
            "users=low, workloads=ml,dashboards; repeatable.",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Ask nothing: use the pre-filled answers and defaults, or fail listing what is "
            "missing.",
        ),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue from the answers saved when ask was interrupted."),
    ] = False,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            metavar="FILE",
            help="Save the answers as a profile in FILE without asking.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --save replace an existing file.")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"How to show the recommendation: {describe_formats()}.",
            autocompletion=_completer(FORMATS),
            show_default=False,
        ),
    ] = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Answer a few questions about the workload and get a recommendation.

    Type ? at any question for help and < to go back; at the end every answer can be
    reviewed and changed. Ctrl-C keeps the answers in a draft: `advisor ask --resume`
    continues from it.
    """
    from advisor.cli.interview import AskOptions, TerminalScreen
    from advisor.cli.interview import ask as run_ask

    chosen = choose_format(fmt, None)
    if no_builtin and not rules:
        _fail(_NO_BUILTIN_ALONE, hint=_NO_BUILTIN_HINT)
    if no_input and "stdout" in CLOSED:
        # The recommendation would go nowhere, and the run would look like a success.
        _fail(STDOUT_CLOSED, hint="send the result to a file: advisor ask ... > result.txt")
    if save is not None:
        # Standard input counts as an input: the answers may come through it.
        read = ["-", *([str(profile)] if profile is not None else [])]
        _check_output(save, force, read, _rule_paths(rules), flag="--save")
    screen = None
    result = None
    if not no_input:
        if not sys.stdin.isatty():
            _fail(
                "ask needs a terminal to ask its questions, and standard input is not one",
                hint="in scripts, use `advisor evaluate PROFILE`, or `advisor ask --no-input "
                "--set key=value ...`",
            )
        from rich.console import Console

        # With the result going to a file or a pipe (`advisor ask -f json > out.json`), the
        # questions go to the terminal on stderr; only the recommendation goes to stdout.
        shown = sys.stdout if sys.stdout.isatty() or not sys.stderr.isatty() else sys.stderr
        result = None if shown is sys.stdout else sys.stdout
        plain = not streams.color_allowed()
        screen = TerminalScreen.on(
            Console(
                file=shown,
                highlight=False,
                markup=False,
                emoji=False,
                no_color=plain,
                color_system=None if plain else "auto",
            )
        )
    options = AskOptions(
        profile=profile,
        assignments=tuple(assignments or ()),
        no_input=no_input,
        resume=resume,
        save=save,
        force=force,
        rules=tuple(_rule_paths(rules)),
        builtin=not no_builtin,
        fmt=chosen,
        width=streams.width(),
        color=chosen == "rich" and streams.color_allowed() and sys.stdout.isatty(),
        # Saved already: the next step is to evaluate the file, not to save it.
        more=ASK_MORE
        if save is None
        else f"More: advisor evaluate {shlex.quote(str(save))} --explain",
    )
    run_ask(options, screen, result)


@app.command(cls=_Command, short_help="Compare two recommendations and the rules that moved them.")
def diff(  # noqa: PLR0917 - typer passes every option positionally
    old: Annotated[str, typer.Argument(metavar="OLD", help="A profile file; '-' reads stdin.")],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="[NEW]",
            help="Another profile file; without it, OLD with the --set changes.",
            show_default=False,
        ),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="KEY=VALUE",
            help="Change a field of NEW (or of OLD, when NEW is not given); repeatable.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{describe_formats(COMPARISON_FORMATS)}.",
            autocompletion=_completer(COMPARISON_FORMATS),
            show_default=False,
        ),
    ] = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Show how two profiles' recommendations differ, and the rules that moved them."""
    from advisor.profiles.loader import load_profiles
    from advisor.reasoning.comparison import compare
    from advisor.reasoning.evaluation import evaluate as evaluate_profile
    from advisor.reasoning.evaluation import with_settings
    from advisor.renderers.diff import render_comparison

    if new is None and not assignments:
        _fail(
            "diff needs a NEW profile or --set changes", hint="advisor diff OLD --set volume='2 TB'"
        )
    chosen = fmt or "plain"
    if chosen not in COMPARISON_FORMATS:
        written = describe_formats(COMPARISON_FORMATS)
        _fail(f"--format: unknown format {chosen!r}", hint=f"diff writes {written}")
    if old == "-" and new == "-":
        _fail("'-' (stdin) is given twice; it can be read only once")
    ruleset = _rules(rules, no_builtin)
    before = _one_profile(load_profiles(old), old)
    after = _one_profile(load_profiles(new), new) if new is not None else before
    if assignments:
        after = with_settings(after, assignments, source="--set")
    # With the search, as evaluate shows them: the confidence it adjusts is the one compared.
    comparison = compare(
        evaluate_profile(before, rules=ruleset, what_if=True),
        evaluate_profile(after, rules=ruleset, what_if=True),
    )
    _out(render_comparison(comparison, chosen, width=streams.width()))


def _one_profile(profiles: list[Profile], name: str) -> Profile:
    if len(profiles) != 1:
        _fail(f"{streams.name(name)}: holds {len(profiles)} profiles; diff compares one with one")
    return profiles[0]


@app.command(cls=_Command)
def init(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="[FILE]", help="Where to write the template; '-' prints it.", show_default=True
        ),
    ] = Path("profile.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a commented template profile that explains every field.

    The template is a valid profile as written: edit it, then `advisor evaluate FILE`. A FILE
    ending in .json gets the same values as JSON, without the comments.
    """
    from advisor.files import write_atomic
    from advisor.profiles.template import is_json_file, profile_template, template_for

    if str(file) == "-":
        _out(profile_template())
        return
    write_atomic(file, template_for(file), overwrite=force)
    shown = streams.inert(str(file))
    streams.say(f"wrote {shown}; edit it, then run `advisor evaluate {shown}`")
    if is_json_file(file):
        streams.say("  hint: JSON holds no comments; `advisor init -` prints them in YAML")


def _check_output(
    output: Path, force: bool, profiles: list[str], rules: list[Path], *, flag: str = "--output"
) -> None:
    """Refuse, before any work, an output that would overwrite an input or an unasked file.

    ``flag`` names the option that gave it (``--output``, ``--save``) in messages.
    """
    from advisor.files import refuse_special

    if output.is_dir():
        _fail(f"{streams.name(output)}: is a directory; {flag} needs a file name")
    refuse_special(output)
    for name in [*profiles, *map(str, rules)]:
        if name != "-" and _same_file(output, Path(name)):
            _fail(f"{streams.name(output)}: is one of the inputs; refusing to overwrite it")
        if name == "-" and _is_stdin(output):
            _fail(
                f"{streams.name(output)}: is the standard input being read; "
                "refusing to overwrite it"
            )
    for folder in rules:
        if output.suffix in _PACK_SUFFIXES and _same_file(output.parent, folder):
            _fail(
                f"{streams.name(output)}: would replace a rule pack in {folder}; "
                "refusing to overwrite it"
            )
    read_as_profile = output.suffix.lower() in _PACK_SUFFIXES and not output.name.startswith(".")
    for name in profiles:
        folder = Path(name)
        if (
            name != "-"
            and read_as_profile
            and folder.is_dir()
            and _same_file(output.parent, folder)
        ):
            # Over one of its profiles, or beside them: read as a profile from the next run on.
            _fail(
                f"{streams.name(output)}: is in {streams.name(folder)}, whose profile files "
                "are inputs; refusing to write there",
                hint="write the results outside the folder of profiles",
            )
    if output.exists() and not force:
        from advisor.errors import FILE_EXISTS, UsageError

        raise UsageError(f"{streams.name(output)}: file exists", code=FILE_EXISTS)


def _is_stdin(path: Path) -> bool:
    """Whether ``path`` is the file standard input reads (``< p.yaml``), by device and inode."""
    try:
        ours, theirs = os.fstat(sys.stdin.fileno()), path.stat()
    except (OSError, ValueError, AttributeError):
        return False
    return (ours.st_dev, ours.st_ino) == (theirs.st_dev, theirs.st_ino)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


# The short view's last line: where the rest of the reasoning is.
ASK_MORE = "More: save the answers, then evaluate them with --explain or --format adr"


def _out(text: str) -> None:
    """Write a command's result to stdout (a reader that went away ends the command quietly)."""
    if "stdout" in CLOSED:
        _fail(STDOUT_CLOSED)  # these commands have no --output: nothing to advise
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Answered here: click would turn it into exit code 1, "a problem found".
        streams.silence_stdout()
        raise typer.Exit(EXIT_OK) from None


# -- rules ------------------------------------------------------------------------------------


def _rules(rules: list[str] | None, no_builtin: bool) -> RuleSet:
    from advisor.reasoning.evaluation import resolve_rules

    paths = _rule_paths(rules)
    if no_builtin and not paths:
        _fail(_NO_BUILTIN_ALONE, hint=_NO_BUILTIN_HINT)
    return resolve_rules(paths or None, builtin=not no_builtin)


def _rule_paths(rules: list[str] | None) -> list[Path]:
    """The --rules paths; an empty one is refused rather than read as the working directory."""
    if any(not name.strip() for name in rules or []):
        _fail("--rules: an empty path", hint="name a rule pack file, or a folder of packs")
    return [Path(name) for name in rules or []]


_NO_BUILTIN_ALONE = "--no-builtin leaves no rules unless --rules names a pack"
_NO_BUILTIN_HINT = "add --rules PATH with packs that declare the storage and pipeline options"


@rules_app.command("list", cls=_Command)
def rules_list(
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (for people) or json (one object per rule, for scripts).",
        ),
    ] = "table",
) -> None:
    """List the rules: id, what they affect, title."""
    from tabulate import tabulate

    from advisor.text import clean

    if fmt not in {"table", "json"}:
        _fail(f"--format: unknown format {fmt!r}", hint="formats are: table, json")
    ruleset = _rules(rules, no_builtin)
    if fmt == "json":
        from advisor.renderers.explanation import rules_data

        _out(rules_data(ruleset) + "\n")
        return
    rows = [
        [clean(rule.id), _effects_summary(rule.effects), clean(rule.title)]
        for rule in ruleset.rules
    ]
    packs = ", ".join(f"{clean(p.id)} {clean(p.version)}" for p in ruleset.packs)
    summary = f"{len(ruleset.rules)} rules from {packs}"
    # Fit the terminal: the id stays whole, effects and titles wrap in their own columns; where
    # they would have under 40 columns, each rule is stacked: id, then effects and title.
    id_width = max((len(row[0]) for row in rows), default=4)
    room = streams.width() - id_width - 4
    if room < _RULES_LIST_ROOM:
        stacked = [
            "\n".join([rule_id, *wrap_lines(f"  {effects}\n  {title}", streams.width())])
            for rule_id, effects, title in rows
        ]
        _out("\n".join(stacked) + f"\n\n{summary}\n")
        return
    effects_width = min(max((len(row[1]) for row in rows), default=7), room * 2 // 5)
    table = tabulate(
        rows,
        headers=["rule", "effects", "title"],
        tablefmt="simple",
        disable_numparse=True,
        maxcolwidths=[None, effects_width, room - effects_width],
    )
    _out(f"{table}\n\n{summary}\n")


_RULES_LIST_ROOM = 40  # columns for effects and title beside the ids, at least


def wrap_lines(text: str, width: int) -> list[str]:
    """Each line of ``text`` wrapped at words to ``width``, under its own indent plus two.

    A word longer than the line (an address) is not cut: it runs past.
    """
    import textwrap

    wrapped: list[str] = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        wrapped += textwrap.wrap(
            line.strip(),
            width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return wrapped


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _effects_summary(effects: dict[str, object]) -> str:
    parts: list[str] = []
    score = effects.get("score")
    if isinstance(score, dict):
        parts += [f"{option} {delta:+d}" for option, delta in score.items()]
    for kind in ("eliminate", "require", "complement"):
        value = effects.get(kind)
        if isinstance(value, list):
            parts += [f"{kind} {option}" for option in value]
    if effects.get("cadence"):
        parts.append("cadence")
    if effects.get("warn"):
        parts.append("warn")
    from advisor.text import clean

    # Option ids come from packs: cleaned like every other piece of pack text.
    return clean(", ".join(parts))


@rules_app.command("show", cls=_Command)
def rules_show(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE_ID", help="The rule's id, as in `advisor rules list`.")
    ],
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Show one rule in full: condition, effects, rationale and sources."""
    from advisor.errors import UsageError
    from advisor.renderers.explanation import describe_rule
    from advisor.spelling import suggest

    ruleset = _rules(rules, no_builtin)
    try:
        rule = ruleset.rule(rule_id)
    except KeyError:
        hint = suggest(rule_id, [r.id for r in ruleset.rules])
        raise UsageError(
            f"no rule {rule_id!r}", hint=hint or "see `advisor rules list` for the ids"
        ) from None
    _out(describe_rule(rule, ruleset, width=streams.width()) + "\n")


_LINT_SHOWN = 200


@rules_app.command(
    "lint", cls=_Command, short_help="Check rule packs for mistakes that load; exit 1 on an error."
)
def rules_lint(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]",
            help="Packs to check (files or folders), loaded beside the built-in ones; without "
            "PATH, the built-in packs are checked.",
            show_default=False,
        ),
    ] = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Check rule packs for mistakes that load fine; exit 1 if any is an error.

    Errors: two rules of one criterion that can fire together on one option, conditions that
    can never hold, cited claims with no `said` line. Warnings: rules no pack test makes fire,
    options no rule touches, sources no rule cites, scoring rules with no criterion, rules
    with the same condition.
    """
    from advisor.reasoning.lint import lint_rules
    from advisor.reasoning.ruleset import pack_files

    ruleset = _rules(paths, no_builtin)
    if paths:
        files = {str(file) for file in pack_files(_rule_paths(paths))}
        chosen = [pack.id for pack in ruleset.packs if pack.path in files]
    else:
        chosen = [pack.id for pack in ruleset.packs if pack.builtin]
    findings = lint_rules(ruleset, chosen)
    errors = sum(1 for f in findings if f.level == "error")
    warnings_ = len(findings) - errors
    # The first findings, errors first; the counts below give the whole.
    shown = sorted(findings, key=lambda f: f.level != "error")[:_LINT_SHOWN]
    report = "".join(str(finding) + "\n" for finding in shown)
    if len(findings) > len(shown):
        report += f"... and {len(findings) - len(shown)} more findings\n"
    packs = ", ".join(chosen)
    counts = f"{_count(errors, 'error')}, {_count(warnings_, 'warning')}"
    _out(f"{report}{counts} in {packs}\n")
    if errors:
        raise typer.Exit(EXIT_PROBLEM)


@rules_app.command("test", cls=_Command)
def rules_test(rules: RulesOption = None, no_builtin: NoBuiltinOption = False) -> None:
    """Run the tests that rule packs carry; exit 1 if any fails."""
    from advisor.reasoning.packtest import run_pack_tests

    ruleset = _rules(rules, no_builtin)
    results = run_pack_tests(ruleset)
    failed = [r for r in results if not r.passed]
    report = "".join(result.report() + "\n" for result in results)
    _out(f"{report}{len(results) - len(failed)} passed, {len(failed)} failed\n")
    if failed:
        raise typer.Exit(EXIT_PROBLEM)


@app.command(cls=_Command, short_help="Print the JSON Schema of profile v1, for editors.")
def schema() -> None:
    """Print the JSON Schema of profile v1 (for editors' YAML support)."""
    from advisor.profiles.schema import profile_schema

    _out(profile_schema() + "\n")


SHELLS = ("bash", "zsh", "fish", "powershell")


@app.command(cls=_Command)
def completion(
    shell: Annotated[
        str,
        typer.Argument(
            metavar="SHELL",
            help=f"One of: {', '.join(SHELLS)}.",
            autocompletion=_completer(SHELLS),
            show_default=False,
        ),
    ],
) -> None:
    """Print the shell completion script for SHELL.

    Load it in your shell's start-up file, for example:

    bash: eval "$(advisor completion bash)" in ~/.bashrc

    zsh: eval "$(advisor completion zsh)" in ~/.zshrc

    fish: advisor completion fish > ~/.config/fish/completions/advisor.fish
    """
    from advisor.spelling import suggest

    if shell not in SHELLS:
        _fail(
            f"no completion for shell {shell!r}",
            hint=suggest(shell, SHELLS) or "shells are: " + ", ".join(SHELLS),
        )
    try:
        from typer._completion_shared import get_completion_script
    except ImportError:  # pragma: no cover - a typer that keeps it elsewhere
        _fail("this version of typer offers no completion scripts")
    script = get_completion_script(prog_name="advisor", complete_var=COMPLETE_VAR, shell=shell)
    _out(script.rstrip("\n") + "\n")


# -- one place for errors and exit codes ------------------------------------------------------


def _fail(message: str, *, hint: str | None = None) -> NoReturn:
    from advisor.errors import UsageError

    raise UsageError(message, hint=hint)


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line and exit (kept for callers of ``advisor.cli.app:main``).

    Args:
        argv: The arguments (without the program name); ``None`` reads ``sys.argv``.
    """
    from advisor.cli.launcher import main as launch

    launch(argv)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code (for tests and embedding).

    Args:
        argv: The arguments (without the program name); ``None`` reads ``sys.argv``.

    Returns:
        0 success, 1 a problem found and reported, 2 bad input or usage, 130 interrupted.
    """
    try:
        command = typer.main.get_command(app)
    except KeyboardInterrupt as exc:  # Ctrl-C while the commands are being built
        return _report(exc)
    if COMPLETE_VAR in os.environ:  # a shell asking for completions: typer answers
        try:
            from typer._completion_classes import completion_init
        except ImportError:  # pragma: no cover - a typer that keeps it elsewhere
            pass
        else:
            completion_init()
        try:
            command.main(args=argv, prog_name="advisor", standalone_mode=False)
        except SystemExit as done:  # the completions are written, and typer exits
            return done.code if isinstance(done.code, int) else EXIT_OK
        except Exception:  # a malformed request: no completions, and no traceback
            return EXIT_PROBLEM
        return EXIT_OK
    try:
        code = command.main(args=argv, prog_name="advisor", standalone_mode=False)
    except (Exception, KeyboardInterrupt) as exc:
        return _report(exc)
    if code == EXIT_INTERRUPTED:
        # typer turns Ctrl-C into this exit code before we see it; say what happened.
        streams.say("advisor: interrupted")
    return code if isinstance(code, int) else EXIT_OK


def _report(exc: BaseException) -> int:
    """Turn an exception into a message on stderr and an exit code; re-raise real bugs."""
    code = streams.report(exc)
    if code is not None:
        return code
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        streams.say("advisor: interrupted")
        return EXIT_INTERRUPTED
    if isinstance(exc, _click_exceptions()):
        return _report_usage(exc)
    raise exc


def _click_exceptions() -> tuple[type[Exception], ...]:
    # typer >= 0.29 carries its own copy of click whose exceptions derive from TyperException;
    # older typer raises click's own.
    found: list[type[Exception]] = []
    base = getattr(typer, "TyperException", None)
    if isinstance(base, type) and issubclass(base, Exception):
        found.append(base)
    try:
        import click
    except ImportError:
        pass
    else:
        found.append(click.ClickException)
    return tuple(found)


def _report_usage(exc: Exception) -> int:
    """A command-line usage error: the message, and where to look for help."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, _no_args_is_help()) and ctx is not None:
        # A bare `advisor` or `advisor rules` asks what there is: help on stdout, success.
        try:
            _out(ctx.get_help() + "\n")
        except typer.Exit as done:
            return done.exit_code
        except Exception as problem:  # stdout closed, or full
            return _report(problem)
        return EXIT_OK
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    command = getattr(ctx, "command_path", "advisor") if ctx is not None else "advisor"
    streams.problem("advisor", message, f"see `{command} --help`")
    return EXIT_USAGE


def _no_args_is_help() -> tuple[type[Exception], ...]:
    """Click's "no arguments, so help" exception, from typer's copy of click or click's own."""
    import importlib

    found: list[type[Exception]] = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            kind = getattr(importlib.import_module(module), "NoArgsIsHelpError", None)
        except ImportError:
            continue
        if isinstance(kind, type) and issubclass(kind, Exception):
            found.append(kind)
    return tuple(found)
