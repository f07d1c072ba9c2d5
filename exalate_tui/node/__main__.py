"""`python -m exalate_tui.node serve ...` — same as `exalate-node`."""

import sys

from ..cli import main_node

sys.exit(main_node())
