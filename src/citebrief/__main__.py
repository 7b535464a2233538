"""Run citebrief as `python -m citebrief`."""

import sys

from .cli import main

sys.exit(main())
