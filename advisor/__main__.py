"""``python -m advisor``."""

from .launcher import main

main()
