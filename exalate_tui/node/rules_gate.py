"""The syntax gate that ``PUT …/rules`` passes through before anything is stored."""

from __future__ import annotations

from .. import rules as engine
from ..domain.models import Rules
from .errors import ApiError


def syntax_gate(rules: Rules) -> None:
    """Refuse rules that do not parse: 422 ``rules_syntax_error`` naming script, line, column."""
    errors = engine.check(rules.outgoing, "outgoing") + engine.check(rules.incoming, "incoming")
    if not errors:
        return
    first = errors[0]
    raise ApiError(
        422,
        "rules_syntax_error",
        f"The {first.script} script has an error at line {first.line}, column {first.column}: "
        f"{first.message}",
        extra={
            "script": first.script,
            "line": first.line,
            "column": first.column,
            "errors": [e.model_dump(mode="json") for e in errors],
        },
    )
