"""The script corpus: each `corpus/NN_name.groovy` runs against its `.json` spec.

Spec keys: direction (outgoing|incoming); item ("sample" or a dict; the local item); replica
("sample" or a dict, incoming only); previous; first_sync; tracker ({"users": [...]});
expect (top-level fields of the result item, compared exactly after dropping nulls);
paths ({"comments.body": [...]}: a field of every element); absent (fields that must be null);
logs (exact) / logs_contain (substring); result (fields of the run result, e.g. sync_back).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from exalate_tui.rules import InMemoryTracker, check, run_incoming, run_outgoing
from exalate_tui.rules.samples import sample_item

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.groovy"))


def _item(value: Any) -> Any:
    return sample_item() if value == "sample" else value


def _path(data: Any, path: str) -> Any:
    head, _, rest = path.partition(".")
    value = data.get(head) if isinstance(data, dict) else None
    if not rest:
        return value
    if isinstance(value, list):
        return [_path(x, rest) for x in value]
    return _path(value, rest)


def run_case(script: str, spec: dict[str, Any]):
    tracker = None
    if "tracker" in spec:
        tracker = InMemoryTracker(user_list=spec["tracker"].get("users", []))
    if spec["direction"] == "outgoing":
        result = run_outgoing(script, _item(spec.get("item", {})), tracker=tracker)
        return result, result.replica
    result = run_incoming(
        script,
        _item(spec.get("replica", {})),
        _item(spec.get("item")),
        first_sync=spec.get("first_sync"),
        previous=spec.get("previous"),
        tracker=tracker,
    )
    return result, result.issue


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_corpus_script(path: Path) -> None:
    script = path.read_text()
    spec = json.loads(path.with_suffix(".json").read_text())
    assert check(script, path.stem) == []
    result, item = run_case(script, spec)
    dumped = item.model_dump(mode="json", exclude_none=True)
    full = item.model_dump(mode="json")
    for field, expected in spec.get("expect", {}).items():
        assert field in dumped, f"{field} missing from {dumped}"
        assert dumped[field] == expected, field
    for path_, expected in spec.get("paths", {}).items():
        assert _path(full, path_) == expected, path_
    for field in spec.get("absent", []):
        assert full.get(field) in (None, [], {}), field
    if "logs" in spec:
        assert result.logs == spec["logs"]
    if "logs_contain" in spec:
        assert any(spec["logs_contain"] in line for line in result.logs), result.logs
    for field, expected in spec.get("result", {}).items():
        assert getattr(result, field) == expected, field
    assert spec.get("expect") or spec.get("paths") or spec.get("absent"), "case asserts nothing"
