"""Tokeniser for the Groovy subset of sync rules (positions are 1-based line and column)."""

from __future__ import annotations

from decimal import Decimal

from .errors import syntax_error

KEYWORDS = frozenset(
    str.split(
        "def if else for while switch case default break continue return true false null in as "
        "instanceof new try catch finally throw assert"
    ),
)

# Groovy/Java constructs the subset refuses by name, with a clear message.
UNSUPPORTED = frozenset(
    str.split(
        "class trait interface enum import package synchronized do goto static abstract native "
        "volatile transient threadsafe this super extends implements throws strictfp"
    ),
)

OPERATORS = sorted(
    str.split(
        "..< <=> ==~ ?. *. ?: .. == != <= >= && || ++ -- += -= *= /= %= ** =~ -> << .& .@ + - * "
        "/ % = < > ! ? : . , ; ( ) [ ] { } ~ & | ^ @"
    ),
    key=len,
    reverse=True,
)

# After one of these a newline does not end the statement.
CONTINUATION_OPS = frozenset(
    str.split(
        "+ - * / % = == != < > <= >= && || ?: ? : , . ?. *. ( [ += -= *= /= %= ** =~ ==~ -> << "
        ".. ..< <=> in instanceof as"
    ),
)
# A line starting with one of these continues the previous one (method chains, long conditions).
LEADING_CONTINUATIONS = ("?", ":", "*.", "&&", "||")

_VALUE_END = frozenset(("num", "str", "gstr", "ident"))
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "s": " "}


class Token:
    __slots__ = ("type", "value", "line", "col")

    def __init__(self, type_: str, value: object, line: int, col: int) -> None:
        self.type = type_
        self.value = value
        self.line = line
        self.col = col

    def __repr__(self) -> str:
        return f"Token({self.type}, {self.value!r}, {self.line}:{self.col})"

    def describe(self) -> str:
        if self.type == "eof":
            return "end of script"
        if self.type == "nl":
            return "end of line"
        if self.type in ("str", "gstr"):
            return "string"
        if self.type == "num":
            return f"number {self.value}"
        return f"'{self.value}'"


class GPart:
    """An interpolated part of a GString: `${src}` or `$a.b`, positioned in the script."""

    __slots__ = ("src", "line", "col")

    def __init__(self, src: str, line: int, col: int) -> None:
        self.src = src
        self.line = line
        self.col = col


class Lexer:
    def __init__(self, text: str, line: int = 1, col: int = 1) -> None:
        self.s = text
        self.i = 0
        self.line = line
        self.col = col
        self.tokens: list[Token] = []
        self.stack: list[str] = []

    # -- helpers -------------------------------------------------------------------------------
    def _err(self, message: str, line: int | None = None, col: int | None = None):
        return syntax_error(message, line or self.line, col or self.col)

    def _advance(self, n: int = 1) -> None:
        s = self.s
        for _ in range(n):
            if s[self.i] == "\n":
                self.line += 1
                self.col = 1
            else:
                self.col += 1
            self.i += 1

    def _push(self, type_: str, value: object, line: int, col: int) -> None:
        self.tokens.append(Token(type_, value, line, col))

    def _regex_allowed(self) -> bool:
        if not self.tokens:
            return True
        last = self.tokens[-1]
        if last.type in _VALUE_END:
            return False
        if last.type == "kw":
            return last.value not in ("true", "false", "null")
        return last.value not in (")", "]", "}", "++", "--")

    def _skip_space_and_comments(self) -> bool:
        """Skips blanks and comments; returns True when a newline was crossed."""
        s, n = self.s, len(self.s)
        crossed = False
        while self.i < n:
            c = s[self.i]
            if c == "\n":
                crossed = True
                self._advance()
            elif c in " \t\r\f\u00a0\ufeff" or (c == "\\" and s.startswith("\\\n", self.i)):
                self._advance()
            elif s.startswith("//", self.i) or (self.i == 0 and s.startswith("#!", 0)):
                while self.i < n and s[self.i] != "\n":
                    self._advance()
            elif s.startswith("/*", self.i):
                line, col = self.line, self.col
                end = s.find("*/", self.i + 2)
                if end < 0:
                    raise self._err("Unterminated comment: '/*' is never closed by '*/'", line, col)
                self._advance(end + 2 - self.i)
            else:
                break
        return crossed

    def _newline(self, line: int, col: int) -> None:
        if self.stack and self.stack[-1] in "([":
            return
        toks = self.tokens
        if not toks or toks[-1].type == "nl":
            return
        last = toks[-1]
        if last.type in ("op", "kw") and last.value in CONTINUATION_OPS:
            return
        rest = self.s[self.i : self.i + 2]
        if rest.startswith(LEADING_CONTINUATIONS) or (rest[:1] == "." and rest != ".."):
            return
        self._push("nl", "\n", line, col)

    # -- main loop -----------------------------------------------------------------------------
    def tokenize(self) -> list[Token]:
        s, n = self.s, len(self.s)
        while True:
            line, col = self.line, self.col
            if self._skip_space_and_comments():
                self._newline(line, col)
            if self.i >= n:
                break
            c = s[self.i]
            line, col = self.line, self.col
            if c.isalpha() or c == "_" or c == "$" and not s.startswith("$/", self.i):
                j = self.i + 1
                while j < n and (s[j].isalnum() or s[j] in "_$"):
                    j += 1
                word = s[self.i : j]
                self._advance(j - self.i)
                self._push("kw" if word in KEYWORDS else "ident", word, line, col)
            elif c.isdigit() or (c == "." and self.i + 1 < n and s[self.i + 1].isdigit()):
                self._number(line, col)
            elif c in "'\"":
                self._string(c, line, col)
            elif c == "/" and self._regex_allowed():
                self._slashy(line, col)
            else:
                for op in OPERATORS:
                    if s.startswith(op, self.i):
                        break
                else:
                    if c in "\u201c\u201d\u2018\u2019":
                        raise self._err(
                            f"Unexpected character {c!r}: use straight quotes (\" or ') for strings"
                        )
                    raise self._err(f"Unexpected character {c!r}")
                self._advance(len(op))
                if op in ("(", "[", "{"):
                    self.stack.append(op)
                elif op in (")", "]", "}") and self.stack:
                    self.stack.pop()
                self._push("op", op, line, col)
        self._push("eof", None, self.line, self.col)
        return self.tokens

    def _number(self, line: int, col: int) -> None:
        s, n = self.s, len(self.s)
        j = self.i
        if s.startswith(("0x", "0X"), j):
            j += 2
            while j < n and (s[j] in "0123456789abcdefABCDEF_"):
                j += 1
            value: object = int(s[self.i + 2 : j].replace("_", ""), 16)
        else:
            is_float = False
            while j < n and (s[j].isdigit() or s[j] == "_"):
                j += 1
            if j + 1 < n and s[j] == "." and s[j + 1].isdigit():
                is_float = True
                j += 1
                while j < n and (s[j].isdigit() or s[j] == "_"):
                    j += 1
            if j < n and s[j] in "eE" and (j + 1 < n and (s[j + 1].isdigit() or s[j + 1] in "+-")):
                is_float = True
                j += 2
                while j < n and s[j].isdigit():
                    j += 1
            text = s[self.i : j].replace("_", "")
            suffix = s[j] if j < n and s[j] in "lLgGdDfFiI" else ""
            if suffix:
                j += 1
            if suffix in ("d", "D", "f", "F"):
                value = float(text)
            elif is_float:
                value = Decimal(text)
            else:
                value = int(text)
        if j < n and (s[j].isalpha() or s[j] == "_"):
            raise self._err(f"Malformed number {s[self.i : j + 1]!r}", line, col)
        self._advance(j - self.i)
        self._push("num", value, line, col)

    def _string(self, q: str, line: int, col: int) -> None:
        s = self.s
        triple = s.startswith(q * 3, self.i)
        closer = q * 3 if triple else q
        self._advance(3 if triple else 1)
        interpolate = q == '"'
        parts: list[object] = []
        buf: list[str] = []
        n = len(s)
        while True:
            if self.i >= n or (not triple and s[self.i] == "\n"):
                raise self._err("Unterminated string: the closing quote is missing", line, col)
            if s.startswith(closer, self.i):
                self._advance(len(closer))
                break
            c = s[self.i]
            if c == "\\":
                if self.i + 1 >= n:
                    raise self._err("Unterminated string: the closing quote is missing", line, col)
                e = s[self.i + 1]
                if e == "u":
                    code = s[self.i + 2 : self.i + 6]
                    try:
                        buf.append(chr(int(code, 16)))
                    except ValueError:
                        raise self._err(f"Bad unicode escape '\\u{code}'") from None
                    self._advance(6)
                    continue
                if e == "\n":
                    self._advance(2)
                    continue
                buf.append(_ESCAPES.get(e, e))
                self._advance(2)
            elif c == "$" and interpolate:
                part = self._interpolation()
                if part is None:
                    buf.append("$")
                    self._advance()
                else:
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(part)
            else:
                buf.append(c)
                self._advance()
        if buf or not parts:
            parts.append("".join(buf))
        if all(isinstance(p, str) for p in parts):
            self._push("str", "".join(parts), line, col)  # type: ignore[arg-type]
        else:
            self._push("gstr", parts, line, col)

    def _interpolation(self) -> GPart | None:
        s, n = self.s, len(self.s)
        start = self.i + 1
        if start < n and s[start] == "{":
            depth, j = 0, start
            quote = ""
            while j < n:
                ch = s[j]
                if quote:
                    if ch == "\\":
                        j += 1
                    elif ch == quote:
                        quote = ""
                elif ch in "'\"":
                    quote = ch
                elif ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            else:
                raise self._err("Unterminated '${' in string: the closing '}' is missing")
            self._advance(2)
            line, col = self.line, self.col
            src = s[start + 1 : j]
            self._advance(j + 1 - self.i)
            return GPart(src, line, col)
        if start < n and (s[start].isalpha() or s[start] == "_"):
            j = start
            while True:
                while j < n and (s[j].isalnum() or s[j] == "_"):
                    j += 1
                if j + 1 < n and s[j] == "." and (s[j + 1].isalpha() or s[j + 1] == "_"):
                    j += 1
                    continue
                break
            self._advance()
            line, col = self.line, self.col
            src = s[start:j]
            self._advance(j - start)
            return GPart(src, line, col)
        return None

    def _slashy(self, line: int, col: int) -> None:
        s, n = self.s, len(self.s)
        self._advance()
        buf: list[str] = []
        while True:
            if self.i >= n:
                raise self._err(
                    "Unterminated regular expression: the closing '/' is missing", line, col
                )
            c = s[self.i]
            if c == "/":
                self._advance()
                break
            if c == "\\" and self.i + 1 < n:
                # `\/` is a slash; any other escape is kept for the regex (`\d`, `\\`).
                nxt = s[self.i + 1]
                buf.append("/" if nxt == "/" else c + nxt)
                self._advance(2)
                continue
            buf.append(c)
            self._advance()
        self._push("str", "".join(buf), line, col)


def tokenize(text: str, line: int = 1, col: int = 1) -> list[Token]:
    return Lexer(text, line, col).tokenize()
