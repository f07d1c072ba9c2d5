"""The core must import without Textual (and the CLI without Textual or FastAPI)."""

import json
import subprocess
import sys

import pytest


def _loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


@pytest.mark.parametrize(
    "module",
    ["exalate_tui.domain", "exalate_tui.client", "exalate_tui.config", "exalate_tui.node"],
)
def test_core_module_imports_without_textual(module):
    assert "textual" not in _loaded_after(f"import {module}")


def test_whole_core_together_imports_without_textual():
    loaded = _loaded_after(
        "import exalate_tui.domain.platforms, exalate_tui.domain.models, "
        "exalate_tui.domain.invitation, exalate_tui.domain.validation, exalate_tui.client, "
        "exalate_tui.config, exalate_tui.clipboard"
    )
    assert "textual" not in loaded


def test_cli_module_imports_neither_textual_nor_fastapi():
    loaded = _loaded_after("import exalate_tui.cli")
    assert "textual" not in loaded
    assert "fastapi" not in loaded
    assert "uvicorn" not in loaded
