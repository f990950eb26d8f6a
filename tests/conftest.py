"""Fixtures shared by several test modules. Keep it small: one fixture, one purpose."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# CI tries the same examples on every run, so a red CI can be reproduced; elsewhere each run
# tries new ones, to find what CI would miss.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write text (as UTF-8, newlines untouched) or raw bytes to ``tmp_path/name``."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write
