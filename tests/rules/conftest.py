from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"

sys.path.insert(0, str(HERE))
