"""``python -m advisor``."""

from advisor.cli.launcher import main

main()
