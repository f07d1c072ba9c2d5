"""Errors of sync rules: what a person sees, and the exceptions that carry it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

ErrorKind = Literal["syntax", "runtime", "sandbox", "limit"]


class RuleError(BaseModel):
    """One problem in one script, at a 1-based line and column."""

    script: str
    line: int
    column: int
    message: str
    kind: ErrorKind = "syntax"
    source_line: str = ""

    def format(self) -> str:
        """`name:line:column: message`, the offending line and a caret under the column."""
        head = f"{self.script}:{self.line}:{self.column}: {self.message}"
        if not self.source_line:
            return head
        caret = " " * max(self.column - 1, 0) + "^"
        return f"{head}\n    {self.source_line}\n    {caret}"

    def __str__(self) -> str:
        return self.format()


class RuleScriptError(Exception):
    """Raised by the public API; `.error` is the RuleError to show or serialise."""

    def __init__(self, error: RuleError) -> None:
        super().__init__(error.format())
        self.error = error


class ScriptError(Exception):
    """Internal: raised while lexing, parsing or running; located lazily by the nearest node."""

    def __init__(
        self, message: str, line: int = 0, column: int = 0, kind: ErrorKind = "runtime"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.kind: ErrorKind = kind

    def locate(self, line: int, column: int) -> ScriptError:
        if not self.line:
            self.line, self.column = line, column
        return self

    def to_rule_error(self, script_name: str, source: str) -> RuleError:
        lines = source.splitlines()
        line = self.line or 1
        column = self.column or 1
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return RuleError(
            script=script_name,
            line=line,
            column=column,
            message=self.message,
            kind=self.kind,
            source_line=text.rstrip(),
        )


class SandboxError(ScriptError):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message, line, column, "sandbox")


class LimitError(ScriptError):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message, line, column, "limit")


class ThrownError(ScriptError):
    """A script's own `throw new Exception("...")`: catchable by its try/catch."""


def syntax_error(message: str, line: int, column: int) -> ScriptError:
    return ScriptError(message, line, column, "syntax")


# Signals used for control flow inside the interpreter (never escape it). They are not
# `Exception`s so that the interpreter's "unexpected error" guards never swallow them.
class BreakSignal(BaseException):
    pass


class ContinueSignal(BaseException):
    pass


class ReturnSignal(BaseException):
    def __init__(self, value: object) -> None:
        self.value = value
