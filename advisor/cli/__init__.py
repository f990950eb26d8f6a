"""The command line: the only layer that parses options, reads the terminal and exits.

The ``advisor`` process (:mod:`advisor.cli.launcher`, which answers a plain ``evaluate``
before typer is imported), the typer commands (:mod:`advisor.cli.app`), evaluation of many
profiles into streamed output (:mod:`advisor.cli.runner`), the standard streams and the one
place errors are written (:mod:`advisor.cli.streams`), output options, and ``ask``'s terminal
session (:mod:`advisor.cli.interview`). Kept light: importing this package imports nothing.
"""
