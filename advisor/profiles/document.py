"""The one strict loader for everything a user writes: profiles and rule packs, YAML or JSON.

PyYAML's composer is too forgiving for files people must be able to trust: it merges duplicate
keys silently, follows YAML 1.1 (``NO`` is false, ``12:30`` is 750, ``010`` is 8) and expands
aliases without bound. So documents are built here from the parser's *events*: every scalar is
read as the text the user wrote (only plain numbers, ``true``/``false`` and ``null`` in the
YAML 1.2 core spelling are typed), every value keeps its line and column, and whatever we do not
accept is reported with its position.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import MAX_DIAGNOSTICS, Diagnostic, InputError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
# Profiles (YAML documents) in one file: a portfolio of more belongs in several files.
MAX_DOCUMENTS = 1000
# Values (scalars, lists, mappings) in one file: the 1,000 documents of a portfolio, or the
# few thousand rules that fit in a pack of 1 MiB, hold fewer.
MAX_VALUES = 100_000

Location = tuple[int, int]
Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


@dataclass(frozen=True)
class Document:
    """One YAML document with the position of every value and key in it.

    Attributes:
        data: The plain Python value (dicts, lists, str, int, float, bool, None).
        source: Where it came from, as shown in messages (a path or ``<stdin>``).
        values: Path of a value → (line, col) where the value starts, 1-based.
        keys: Path of a mapping entry → (line, col) of its key, 1-based.
    """

    data: Any
    source: str
    values: dict[Path_, Location] = field(default_factory=dict)
    keys: dict[Path_, Location] = field(default_factory=dict)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one.

        ``(0, 0)`` when the document has no positions at all (built from a Python mapping),
        so that messages name the field instead of a made-up line.
        """
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (0, 0))

    def diagnostic(
        self, path: Path_, message: str, hint: str | None = None, *, key: bool = False
    ) -> Diagnostic:
        """A diagnostic located at ``path`` in this document."""
        line, col = self.locate(path, key=key)
        return Diagnostic(self.source, line, col, message, hint, format_path(path))


def format_path(path: Path_) -> str:
    """``("users", 0, "role")`` → ``users[0].role``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read a user's file (``-`` is stdin) as UTF-8 text, refusing what cannot be a profile.

    Returns:
        ``(source name, text)``.

    Raises:
        InputError: The file is missing, unreadable, too large, or not UTF-8.
    """
    if str(path) == "-":
        source = "<stdin>"
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        source = str(path)
        p = Path(path)
        try:
            if p.is_dir():
                raise InputError([Diagnostic(source, 0, 0, "is a directory, not a file")])
            # Opened without waiting (a FIFO with no writer would block forever), then checked:
            # only a regular file is read.
            fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    raise InputError(
                        [
                            Diagnostic(
                                source,
                                0,
                                0,
                                "is not a regular file (a pipe, a device or a socket)",
                                "to read from a pipe, give - and redirect it to standard input",
                            )
                        ]
                    )
                if info.st_size > MAX_BYTES:
                    raise _too_large(source)
                raw = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise InputError([Diagnostic(source, 0, 0, "no such file")]) from None
        except PermissionError:
            raise InputError([Diagnostic(source, 0, 0, "permission denied")]) from None
        except OSError as exc:
            raise InputError([Diagnostic(source, 0, 0, exc.strerror or str(exc))]) from None
        except (UnicodeError, ValueError):  # a name from Python no file name can be (NUL, ...)
            raise InputError(
                [Diagnostic(source, 0, 0, "is not a file name this system can use")]
            ) from None
    if len(raw) > MAX_BYTES:
        raise _too_large(source)
    return source, decode(raw, source)


def _too_large(source: str) -> InputError:
    return InputError(
        [
            Diagnostic(
                source,
                0,
                0,
                f"file is larger than {MAX_BYTES // 1024} KiB",
                "a profile or rule pack is a few kilobytes; is this the right file?",
            )
        ]
    )


_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"


def decode(raw: bytes, source: str) -> str:
    """Decode UTF-8 (with or without a byte-order mark), locating the first bad byte."""
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            raise InputError(
                [
                    Diagnostic(
                        source, 1, 1, f"file is {encoding} text, not UTF-8", "save it as UTF-8"
                    )
                ]
            )
    # The mark is taken off first, so that positions count from the text itself.
    body = raw.removeprefix(_UTF8_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as an editor shows them; the text before the bad byte is
        # valid UTF-8 by construction.
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise InputError(
            [
                Diagnostic(
                    source,
                    line,
                    col,
                    f"file is not UTF-8 text (byte 0x{body[exc.start]:02x})",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def load_documents(
    text: str,
    source: str,
    *,
    problems: list[Diagnostic] | None = None,
    owners: list[int] | None = None,
) -> list[Document]:
    """Parse every document in a YAML (or JSON) stream, strictly.

    Args:
        text: The whole text.
        source: The name shown in messages.
        problems: When given, problems that leave the data well defined (a duplicate key keeps
            its first value; an anchor, tag or merge key is dropped; an empty document is
            skipped) are added here instead of raised, so that the caller can report them
            together with its own, all at once.
        owners: When given with ``problems``, the index (among the documents returned) of the
            document each of those problems is in, in the same order; -1 for one outside any
            (an empty document), so that a caller can keep the other documents.

    Returns:
        One ``Document`` per non-empty YAML document.

    Raises:
        InputError: With every problem found: syntax, tabs, duplicate keys, anchors, aliases,
            tags, nesting deeper than 64, an empty stream.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_large(source)
    try:
        return _parse(text, source, problems, owners)
    except InputError:
        # An emoji that JSON wrote as two escaped halves ("\\ud83d\\ude00") stops YAML, which
        # has no such escape; read again with each pair as YAML's one escape for it. Only
        # then: the same text outside double quotes is literal, and is kept as written.
        joined = _SURROGATE_PAIR.sub(_join_surrogates, text) if "\\u" in text else text
        if joined == text:
            raise
        return _parse(joined, source, problems, owners)


def _parse(
    text: str, source: str, problems: list[Diagnostic] | None, owners: list[int] | None = None
) -> list[Document]:
    import yaml

    loader_cls = _loader()
    builder = _Builder(source)
    try:
        loader = loader_cls(text)
    except UnicodeEncodeError as exc:  # only a str from Python can hold a lone surrogate
        line, col = _position(text, exc.start)
        code = f"U+{ord(text[exc.start]):04X}"
        raise InputError(
            [
                Diagnostic(
                    source, line, col, f"text holds a lone surrogate ({code}), not a character"
                )
            ]
        ) from None
    try:
        # get_event gives None past the end of the stream: a C-level iterator, where a
        # generator's own overhead was a fifth of the loading time.
        documents = list(builder.documents(iter(loader.get_event, None)))
    except yaml.MarkedYAMLError as exc:
        raise InputError([*builder.problems, _syntax_diagnostic(exc, text, source)]) from None
    except yaml.reader.ReaderError as exc:
        raise InputError([*builder.problems, _reader_diagnostic(exc, text, source)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml raises only the two above
        raise InputError([*builder.problems, Diagnostic(source, 0, 0, str(exc))]) from None
    except _AbortError:
        raise InputError(builder.problems) from None
    finally:
        loader.dispose()
    if builder.problems and (problems is None or not documents):
        raise InputError(builder.problems)
    if problems is not None:
        problems.extend(builder.problems)
        if owners is not None:
            owners.extend(builder.owners)
    if not documents:
        raise InputError(
            [
                Diagnostic(
                    source,
                    1,
                    1,
                    "file is empty",
                    "run `advisor init` for a commented template",
                )
            ]
        )
    return documents


# JSON writes a character beyond U+FFFF as two escaped halves (json.dumps does for an emoji);
# YAML has no such escape, so each pair becomes the one \U escape YAML knows. An even run of
# backslashes before it is escaped backslashes, not an escape.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


def _join_surrogates(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"{match.group(1)}\\U{code:08X}"


@functools.cache  # warn once per process
def _loader() -> Any:
    import yaml

    try:
        return yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        import warnings

        warnings.warn(
            "PyYAML was built without libyaml: loading is 7-10x slower "
            "(reinstall PyYAML with libyaml for the C loader)",
            RuntimeWarning,
            stacklevel=3,
        )
        return yaml.SafeLoader


# libyaml's wording for the mistakes people make most, and what to do about each.
_SYNTAX_HINTS: dict[str, str] = {
    "mapping values are not allowed": (
        "check this line's indentation; a value that contains ': ' must be in quotes"
    ),
    "could not find expected ':'": "each line of a mapping is `key: value`",
    "did not find expected key": "check the indentation: keys of one mapping line up",
    "found character that cannot start any token": (
        "a value that starts with @, ` or % must be in quotes"
    ),
    "found undefined alias": "aliases (*name) are not accepted; write the value out in full",
}

_UNCLOSED: dict[str, str] = {
    "flow sequence": "the [list]",
    "flow mapping": "the {mapping}",
    "quoted scalar": "the quoted text",
}


def _position(text: str, index: int) -> Location:
    """1-based (line, col) of a character index in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _reader_diagnostic(exc: Any, text: str, source: str) -> Diagnostic:
    # libyaml reports a byte offset; the first occurrence of the character is the one it met.
    index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
    line, col = _position(text, index) if index >= 0 else (0, 0)
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return Diagnostic(
        source,
        line,
        col,
        f"{exc.reason}: found {code}",
        "delete it; such characters are usually invisible in an editor",
    )


def _syntax_diagnostic(exc: Any, text: str, source: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    # A tab where YAML wants spaces is the commonest mistake and libyaml's message for it
    # ("cannot start any token", "did not find expected key") does not say so.
    if 0 < line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":
        return _tab_diagnostic(source, line, col)
    for number, content in enumerate(lines[:line], 1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return _tab_diagnostic(source, number, indent.index("\t") + 1)
    problem = exc.problem or exc.context or "invalid YAML"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if problem.startswith(key)), None)
    context = exc.context_mark
    opened = next((name for key, name in _UNCLOSED.items() if key in (exc.context or "")), None)
    if opened and context and context.line + 1 != line:
        # The real mistake is where the bracket or quote was opened, not where libyaml gave up.
        hint = f"is {opened} that starts at line {context.line + 1} closed?"
    return Diagnostic(source, line, col, f"invalid YAML: {problem}", hint)


def _tab_diagnostic(source: str, line: int, col: int) -> Diagnostic:
    return Diagnostic(
        source,
        line,
        col,
        "tab character in indentation",
        "YAML is indented with spaces only; replace the tab with spaces",
    )


class _AbortError(Exception):
    """Stop building: a problem was recorded that makes the rest meaningless."""


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        # The document (by index among those returned) each problem is in; -1 for none.
        self.owners: list[int] = []
        self.current = 0
        self.values = 0

    def _problem(self, event: Any, message: str, hint: str | None = None) -> None:
        line, col = _at(event)
        self.problems.append(Diagnostic(self.source, line, col, message, hint))
        self.owners.append(self.current)
        if len(self.problems) >= MAX_DIAGNOSTICS:
            raise _AbortError

    def documents(self, events: Iterator[Any]) -> Iterator[Document]:
        import yaml

        count = kept = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                count += 1
                self.current = kept
                first = len(self.problems)
                if count > MAX_DOCUMENTS:
                    self._problem(
                        event,
                        f"more than {MAX_DOCUMENTS} documents in one file",
                        "split the profiles over several files",
                    )
                    raise _AbortError
                doc = Document(None, self.source)
                body = next(events)
                doc_data = self._node(body, events, (), doc, 1)
                object.__setattr__(doc, "data", doc_data)
                next(events)  # DocumentEndEvent
                if doc_data is None:
                    # An empty body has no position of its own; its `---` line has one. It is
                    # in no document that is kept, nor is what was found on it (an anchor).
                    self.current = -1
                    self.owners[first:] = [-1] * (len(self.owners) - first)
                    self._problem(
                        event if event.explicit else body,
                        "document is empty",
                        "remove the extra `---`, or run `advisor init` for a template",
                    )
                    continue
                kept += 1
                yield doc

    def _node(
        self, event: Any, events: Iterator[Any], path: Path_, doc: Document, depth: int
    ) -> Any:
        """The value that starts at ``event``, with every value's place kept in ``doc``."""
        import yaml

        self._count(event, depth)
        if isinstance(event, yaml.AliasEvent):
            self._problem(event, "aliases (*name) are not accepted", "write the value out in full")
            raise _AbortError
        if event.anchor is not None:
            self._problem(event, "anchors (&name) are not accepted", "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._problem(event, f"tags ({shown}) are not accepted", "remove the tag")
        doc.values[path] = _at(event)
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                items.append(self._node(item, events, (*path, len(items)), doc, depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, path, doc, depth)
        raise _AbortError  # pragma: no cover - libyaml emits no other node events

    def _count(self, event: Any, depth: int) -> None:
        """One more value, at ``depth``: past the bounds on nesting and values, reading stops."""
        if depth > MAX_DEPTH:
            self._problem(event, f"nesting is deeper than {MAX_DEPTH} levels")
            raise _AbortError
        self.values += 1
        if self.values > MAX_VALUES:
            # Each value is kept with where it is, for messages: a bound on values is a bound on
            # the memory and time a file can cost, whatever its shape.
            self._problem(
                event,
                f"more than {MAX_VALUES} values in one file",
                "a profile holds a few dozen values and a rule pack a few thousand",
            )
            raise _AbortError

    def _mapping(
        self, events: Iterator[Any], path: Path_, doc: Document, depth: int
    ) -> dict[str, Any]:
        """A mapping's keys and values, up to its end; a key is plain text, and only once."""
        import yaml

        mapping: dict[str, Any] = {}
        while not isinstance(key_event := next(events), yaml.MappingEndEvent):
            if not isinstance(key_event, yaml.ScalarEvent):
                self._problem(key_event, "a key must be plain text, not a list or mapping")
                raise _AbortError
            if key_event.anchor is not None or key_event.tag is not None:
                self._problem(key_event, "anchors and tags are not accepted on keys")
            key = key_event.value
            value_event = next(events)
            if key == "<<" and not key_event.style:
                self._problem(
                    key_event, "merge keys (<<) are not accepted", "write the keys out in full"
                )
                self._node(value_event, events, (*path, "\0merge"), doc, depth + 1)
                continue
            if key in mapping:
                first = doc.keys[(*path, key)]
                self._problem(
                    key_event,
                    f"duplicate key {key!r}",
                    f"first defined at line {first[0]}; keep one of them",
                )
                self._node(value_event, events, (*path, "\0dup"), doc, depth + 1)
                continue
            doc.keys[(*path, key)] = _at(key_event)
            mapping[key] = self._node(value_event, events, (*path, key), doc, depth + 1)
        return mapping


def _at(event: Any) -> Location:
    """1-based (line, col) where a parser event starts."""
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _scalar(event: Any) -> Any:
    value: str = event.value
    if event.style:  # quoted or block scalar: always text (plain is None or "")
        return value
    return plain_scalar(value)


def plain_scalar(value: str) -> Any:
    """Read text as YAML reads an unquoted value, with this loader's strict rules.

    The questionnaire reads every answer through this, so an answer typed at a prompt means
    what the same text means after ``key:`` in a profile file.
    """
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # past Python's digit limit: keep the text, the field will refuse it
            return value
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
