"""Entry point of ``python -m engine``: run the command line (`engine.cli.main`), exit with its status."""

import sys

from .cli import main

sys.exit(main())
