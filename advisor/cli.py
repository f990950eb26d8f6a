"""The ``advisor`` command: parse, call the library, render, map errors to exit codes.

Kept thin and lazy: the library, pydantic and PyYAML are imported inside the commands that need
them, so ``advisor --help`` starts in a fraction of the time ``evaluate`` takes.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ._version import __version__

if TYPE_CHECKING:
    from .recommendation import Recommendation
    from .ruleset import RuleSet

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class OutputFormat(str, Enum):
    """Formats of ``advisor evaluate``."""

    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"


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

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Extra rule pack (file or folder) loaded beside the built-in ones; repeatable.",
        show_default=False,
    ),
]


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


@app.command()
def evaluate(
    profiles: Annotated[
        list[str],
        typer.Argument(help="Profile files (YAML or JSON); '-' reads stdin.", show_default=False),
    ],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format [default: rich on a terminal, plain otherwise; "
            "by extension with --output].",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Recommend storage and pipeline for each profile.

    Several files, or several YAML documents in one file, give one result each
    (a JSON array with --format json).
    """
    from .errors import InputError, ProfileError
    from .evaluation import evaluate as evaluate_profile
    from .evaluation import resolve_rules
    from .loader import load_profiles

    if output is not None and any(_same_file(output, p) for p in profiles if p != "-"):
        _fail(f"{output}: is one of the input profiles; refusing to overwrite it")
    ruleset = resolve_rules(rules or None)
    loaded = []
    problems = []
    for name in profiles:
        try:
            loaded.extend(load_profiles(name))
        except ProfileError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise ProfileError(problems)
    if not loaded:  # pragma: no cover - load_profiles never returns an empty list
        raise InputError([])
    results = [evaluate_profile(profile, rules=ruleset) for profile in loaded]
    _emit(results, fmt, output, force, ruleset)


def _same_file(output: Path, name: str) -> bool:
    try:
        return output.exists() and output.samefile(name)
    except OSError:
        return False


def _emit(
    results: list[Recommendation],
    fmt: OutputFormat | None,
    output: Path | None,
    force: bool,
    ruleset: RuleSet,
) -> None:
    from .renderers import render

    chosen = fmt.value if fmt else _default_format(output)
    width = _width()
    color = output is None and _color_allowed() and sys.stdout.isatty()
    text = render(results, chosen, rules=ruleset, width=width, color=color)  # type: ignore[arg-type]
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .files import write_atomic

    write_atomic(output, text, overwrite=force)
    typer.echo(f"wrote {output}", err=True)


def _default_format(output: Path | None) -> str:
    if output is not None:
        return {".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(
            output.suffix.lower(), "plain"
        )
    if sys.stdout.isatty() and _color_allowed():
        return "rich"
    return "plain"


def _color_allowed() -> bool:
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 140))


# -- rules ------------------------------------------------------------------------------------


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List the rules: id, what they affect, title."""
    from tabulate import tabulate

    from .evaluation import resolve_rules
    from .renderers.view import clean

    ruleset = resolve_rules(rules or None)
    rows = [
        [clean(rule.id), _effects_summary(rule.effects), clean(rule.title)]
        for rule in ruleset.rules
    ]
    typer.echo(tabulate(rows, headers=["rule", "effects", "title"], tablefmt="simple"))
    packs = ", ".join(f"{p.id} {p.version}" for p in ruleset.packs)
    typer.echo(f"\n{len(ruleset.rules)} rules from {packs}")


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
    return ", ".join(parts)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="The rule's id, as in `advisor rules list`.")],
    rules: RulesOption = None,
) -> None:
    """Show one rule in full: condition, effects, rationale and sources."""
    from .errors import UsageError
    from .evaluation import resolve_rules
    from .explanation import describe_rule
    from .validation import suggest

    ruleset = resolve_rules(rules or None)
    try:
        rule = ruleset.rule(rule_id)
    except KeyError:
        hint = suggest(rule_id, [r.id for r in ruleset.rules])
        raise UsageError(
            f"no rule {rule_id!r}" + (f"; {hint}" if hint else "; see `advisor rules list`")
        ) from None
    typer.echo(describe_rule(rule, ruleset))


@rules_app.command("test")
def rules_test(rules: RulesOption = None) -> None:
    """Run the tests that rule packs carry; exit 1 if any fails."""
    from .evaluation import resolve_rules
    from .packtest import run_pack_tests

    ruleset = resolve_rules(rules or None)
    results = run_pack_tests(ruleset)
    failed = [r for r in results if not r.passed]
    for result in results:
        typer.echo(result.report())
    typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(EXIT_PROBLEM)


@app.command()
def schema() -> None:
    """Print the JSON Schema of profile v1 (for editors' YAML support)."""
    from .schema import profile_schema

    typer.echo(profile_schema())


# -- one place for errors and exit codes ------------------------------------------------------


def _fail(message: str) -> NoReturn:
    from .errors import UsageError

    raise UsageError(message)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; every error becomes a message and an exit code, never a traceback."""
    import click

    # pydantic scans every installed distribution for plugins on first use; the advisor's own
    # process needs none, and the scan costs more than the rest of the start-up work.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="advisor", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.Abort:
        _stderr("interrupted")
        code = EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        code = EXIT_USAGE
    except KeyboardInterrupt:
        _stderr("interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`advisor ... | head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except Exception as exc:
        from .errors import AdvisorError

        if not isinstance(exc, AdvisorError):
            raise
        _stderr(f"{exc}" if "error:" in str(exc) else f"advisor: error: {exc}")
        code = exc.exit_code
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _stderr(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()
