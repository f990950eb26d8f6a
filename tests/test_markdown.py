"""Markdown that renders as meant on GitHub: checked with GitHub's own parser (cmark-gfm).

User text must come out as the same text: no emphasis, link, image, HTML, strike-through or
table break, and any word a host would link (an address, an e-mail, a mention, an issue or merge
request reference) inside code, where hosts link nothing. Text that needs no escaping is not
escaped, so the file reads as text too.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import example, given
from hypothesis import strategies as st

from advisor import evaluate
from advisor.renderers import render
from advisor.renderers.markup import cell, inline, link
from advisor.text import clean

ROOT = Path(__file__).resolve().parent.parent
# Pieces that Markdown, GFM or a host acts on, and ordinary words between them.
PIECES = [
    "*", "_", "**", "__", "`", "``", "[", "]", "(", ")", "<", ">", "!", "#", "|", "~", "~~", "$",
    "&", "&amp;", "&#64;", "\\", "-", "+", "=", ".", "1.", "2)", ":", "@", "/", "%2e", "https://",
    "http://", "www.", "ops@evil.example", "@team", "#12", "!3", "<b>", "<!--", "-->", "a", "b1",
    "ad_hoc", "16.8", "TB", "real-time", " ", "  ", "é", "→", "\t", "\n",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def to_html(markdown: str) -> str:
    """GitHub's rendering, with raw HTML kept (so that injected HTML would show in the test)."""
    page: str = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE
    )
    return page


class _Reader(HTMLParser):
    """The tags of a fragment, its text, and the text inside code spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.code: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_code = self._in_code or tag == "code"

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_code:
            self.code.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def read(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    return reader


def words(text: str) -> str:
    return " ".join(text.split())


@given(texts)
@example("ops@evil.example and https://evil%2eexample/login or www.evil.example")
@example("@team see #12, !3, &4, %5 and ~label")
@example("see GH-12 and commit a1b2c3d")
@example("<img src=x onerror=alert(1)> [a](https://x) ![i](https://x) <https://x>")
@example("1. not a list")
@example("# not a heading #")
@example("``` not a fence")
@example("\t>")  # a tab before ">": Markdown drops the space, and ">" starts a quote
def test_text_in_a_list_item_renders_as_itself(text: str) -> None:
    # Plain CommonMark (GitLab, most renderers) as well as GitHub's flavour.
    common = read(
        cmarkgfm.markdown_to_html(f"- {inline(text)}\n", options=Options.CMARK_OPT_UNSAFE)
    )
    assert set(common.tags) <= {"ul", "li", "code"}, (text, common.tags)
    page = read(to_html(f"- {inline(text)}\n"))
    # Only the list and code spans: no link, emphasis, image, HTML, heading or nested block.
    assert set(page.tags) <= {"ul", "li", "code"}, (text, inline(text), page.tags)
    assert words("".join(page.text)) == words(clean(text))
    # A word a host would link or turn into a mention is in a code span, where hosts do not.
    for word in clean(text).split():
        lowered = word.lower()
        if "@" in word or "://" in word or "www." in lowered or lowered.startswith("gh-1"):
            assert any(word in code for code in page.code), (word, page.code)


@given(texts)
@example("a | b")
@example("`a|b`")
def test_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    table = f"| head | other |\n|---|---|\n| {cell(text)} | last |\n"
    page = read(to_html(table))
    assert set(page.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "code"}, page.tags
    assert page.tags.count("td") == 2
    cells = to_html(table).split("<td>")[1].split("</td>")[0]
    assert words(html.unescape(re.sub("<[^>]+>", "", cells))) == words(clean(text))


@given(texts, texts)
# "[`&amp;]:`" at a line's start reads as a link definition, and so does a pack's title with "]:".
@example("&amp;]:", "a")
@example("Guide x@]:https://evil.example/", "a")
def test_a_link_says_its_text_and_goes_where_the_pack_says(text: str, path: str) -> None:
    url = "https://example.org/" + path
    page = to_html(f"- {link(text, url)}\n")
    anchors = re.findall(r'<a href="([^"]*)"', page)
    assert len(anchors) == 1
    # The address is the pack's, percent-encoded where Markdown or HTML would read it.
    assert anchors[0].startswith("https://example.org/")
    assert "<" not in anchors[0]
    assert '"' not in anchors[0]
    assert words(html.unescape(re.sub("<[^>]+>", "", page))) == words(clean(text))


def test_only_https_addresses_become_links() -> None:
    for url in ("javascript:alert(1)", "http://example.org", "", None, "https://"):
        assert "](" not in link("source", url)


def test_ordinary_text_is_not_escaped() -> None:
    text = "16.8 TB in a year, real-time (every 1d) + batch: ad_hoc, 85% → 59%! #1 fan? no: C#"
    assert inline(text, leading=False) == text.replace("#1", "`#1`")


@pytest.mark.parametrize("example_name", ["retail-bi", "fintech-fraud"])
def test_the_report_renders_on_github(example_name: str) -> None:
    rec = evaluate(ROOT / "examples" / f"{example_name}.yaml", what_if=True)
    report = render([rec], "markdown")
    page = to_html(report)
    # Nothing over-escaped in the file itself: numbers, hyphens and brackets as written.
    assert "7.8 TB" in report or "16.8 TB" in report
    assert "\\." not in report
    assert "\\-" not in report
    assert "\\(" not in report
    # Headings for the summary, each decision, the changes and the sources.
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings[:3] == ["Summary", "Storage", "Pipeline"]
    assert "What would change the answer" in headings
    assert "Sources" in headings
    # Each decision's ranking is one table with a row per option (and a header row).
    tables = re.findall(r"<table>(.*?)</table>", page, re.S)
    assert [t.count("<tr>") - 1 for t in tables] == [
        len(rec.storage.ranking),
        len(rec.pipeline.ranking),
    ]
    # Each citation of a source with an address is a link to that address.
    urls = {s.name: s.url for s in rec.rules.sources if s.url}
    anchors = re.findall(r'<a href="([^"]*)">([^<]*)</a>', page)
    cited = [(href, text) for href, text in anchors if ":" in text and "//" not in text]
    assert cited
    for href, text in cited:
        assert href == urls[text.partition(":")[0]]


def test_a_hostile_name_cannot_reach_the_page_as_markup() -> None:
    data = {
        "name": "[login](https://evil.example) ops@evil.example <img src=x onerror=1> | x |",
        "volume": "1 TB",
        "structure": "structured",
        "latency": "1d",
        "users": "low",
    }
    report = render([evaluate(data)], "markdown")
    page = to_html(report)
    title = re.search(r"<h1>(.*?)</h1>", page)
    assert title is not None
    assert "<a " not in title.group(1)
    assert "<img" not in title.group(1)
    assert words(html.unescape(re.sub("<[^>]+>", "", title.group(1)))) == words(data["name"])


def test_a_source_without_an_address_is_still_literal_text() -> None:
    title = "# Mail security@example.com or see www.evil.example/x and @octocat #12"
    page = read(to_html(f"- {link(title, None)}\n"))
    assert set(page.tags) <= {"ul", "li", "code"}, page.tags
    assert words("".join(page.text)) == words(title)
