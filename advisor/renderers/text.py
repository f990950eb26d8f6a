"""Making user-supplied text inert (kept for the renderers; the policy is :mod:`advisor.text`)."""

from __future__ import annotations

from advisor.text import clean

__all__ = ["clean"]
