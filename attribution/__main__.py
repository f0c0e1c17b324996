"""`python -m attribution` runs the command line."""

import sys

from attribution.cli.app import main

sys.exit(main())
