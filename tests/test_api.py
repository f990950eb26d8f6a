"""The README's Python example runs as written and prints what the README says it prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import advisor

from advisor_run import ROOT, run_advisor, run_python

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_after(marker: str, language: str, *, skip: int = 0) -> str:
    """The body of the ``skip``-th fenced ``language`` block after ``marker`` in the README."""
    start = README.index(marker)
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", README[start:], re.M | re.S)
    assert len(blocks) > skip, f"no ```{language} block after {marker!r}"
    return str(blocks[skip])


def test_readme_python_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    code = fenced_after("<!-- api-example", "python")
    shown = fenced_after("<!-- api-example", "text")
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == shown


def test_readme_sample_output_is_real(tmp_path: Path) -> None:
    # The short view, whole, as a terminal of 100 columns shows it.
    sample = fenced_after("<!-- sample-output", "text")
    done = run_advisor(
        ["evaluate", "examples/retail-bi.yaml"], tmp_path, env_extra={"COLUMNS": "100"}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == sample


def test_readme_explained_sample_is_real(tmp_path: Path) -> None:
    sample = fenced_after("<!-- sample-explain", "text").splitlines()
    # The headings: the answer, the rankings, which options are explained and the sources. The
    # sample is abridged; its unindented lines appear in the real output, in the same order.
    headings = [line for line in sample if line and not line[0].isspace()]
    done = run_advisor(
        ["evaluate", "examples/retail-bi.yaml", "--explain"], tmp_path, env_extra={"COLUMNS": "100"}
    )
    assert done.returncode == 0, done.stderr
    actual = iter(done.stdout.splitlines())
    for line in headings:
        assert any(line == real for real in actual), f"not in the real output: {line!r}"
    # And every line it shows in full is a real line.
    real = set(done.stdout.splitlines())
    for line in sample:
        assert line.strip() == "..." or line in real, f"not in the real output: {line!r}"


def test_readme_decision_record_sample_is_real(tmp_path: Path) -> None:
    sample = fenced_after("<!-- sample-adr", "markdown").splitlines()
    done = run_advisor(["evaluate", "examples/retail-bi.yaml", "--format", "adr"], tmp_path)
    assert done.returncode == 0, done.stderr
    actual = iter(done.stdout.splitlines())
    # Abridged at each "...": the rest are real lines, in the same order.
    for line in sample:
        if line != "...":
            assert any(line == real for real in actual), f"not in the real output: {line!r}"


def test_public_names_are_importable_and_typed() -> None:
    for name in advisor.__all__:
        assert getattr(advisor, name) is not None
    for name in ("evaluate", "load_profile", "Profile", "Recommendation", "ProfileError"):
        assert name in advisor.__all__
    assert issubclass(advisor.ProfileError, advisor.InputError)
    assert issubclass(advisor.RulePackError, advisor.InputError)
    assert issubclass(advisor.InputError, advisor.AdvisorError)
    assert (Path(advisor.__file__).parent / "py.typed").is_file()


def test_evaluate_accepts_a_profile_a_mapping_and_a_path() -> None:
    path = ROOT / "examples" / "startup-saas.yaml"
    profile = advisor.load_profile(path)
    mapping = profile.to_data()
    results = [advisor.evaluate(x).to_json() for x in (profile, mapping, path, str(path))]
    assert results[1:] == results[:1] * 3


def test_evaluate_refuses_what_is_not_a_profile() -> None:
    # Bad input of any type is an AdvisorError: one `except` serves an embedding service.
    with pytest.raises(advisor.ProfileError, match="expected a Profile, a mapping or a path"):
        advisor.evaluate(42)  # type: ignore[arg-type]
    with pytest.raises(advisor.ProfileError) as caught:
        advisor.evaluate({"volume": "1 TB"})
    missing = {d.path for d in caught.value.diagnostics}
    assert {"structure", "latency", "users"} <= missing


def test_the_readme_lists_every_fact_and_operator_a_rule_can_use() -> None:
    from advisor.reasoning.facts import FACTS
    from advisor.reasoning.operators import ALL_OPERATORS

    section = README[README.index("## Rule packs") : README.index("### Adding an option")]
    listed = set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.M))
    assert listed == {fact.name for fact in FACTS}
    for op in ALL_OPERATORS:
        assert f"`{op}`" in section, f"operator {op} is not in the README"


def test_a_variant_keeps_a_rate_too_small_to_write_without_an_exponent() -> None:
    # 1e-05 %/year is written back as 0.00001 %/year: the readers take no exponent.
    for rate in ("0.00001%/year", "0.0000001%/year", "0.00009%/year"):
        profile = advisor.Profile.model_validate(
            {
                "volume": "3 TB",
                "growth": rate,
                "structure": "structured",
                "latency": "1d",
                "users": "low",
            }
        )
        variant = advisor.with_settings(profile, ["budget=high"])
        assert variant.growth == profile.growth
        assert variant.budget == "high"
