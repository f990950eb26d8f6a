"""A screen for tests: scripted answers, echoed as a terminal would show them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text


@dataclass
class ScriptedScreen:
    """A screen that reads from a list and echoes each answer, for tests and golden output."""

    console: Console
    lines: Iterator[str]
    on_read: Callable[[str], None] | None = None

    def read(self, prompt: str) -> str:
        """The next scripted line, echoed after its prompt as a terminal would show it."""
        try:
            line = next(self.lines)
        except StopIteration:
            self.console.print(Text(prompt), end="")  # Ctrl-D at this prompt
            raise EOFError from None
        self.console.print(Text(prompt + line), end="\n")
        if self.on_read is not None:
            self.on_read(line)
        return line
