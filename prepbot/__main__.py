"""`python -m prepbot ...`: the same as the `prepbot` console script."""

from prepbot.cli import main

raise SystemExit(main())
