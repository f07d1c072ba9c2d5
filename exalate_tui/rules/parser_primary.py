"""Postfix and primary expressions: calls, properties, literals, closures (a Parser mixin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ast as A
from .errors import SandboxError, ScriptError, syntax_error
from .lexer import UNSUPPORTED, GPart, tokenize

if TYPE_CHECKING:
    from .lexer import Token

_CALLABLE_AFTER = (A.MethodCall, A.FuncCall, A.CallValue)


ASSIGN_OPS = frozenset(("=", "+=", "-=", "*=", "/=", "%="))
EQUALITY_OPS = frozenset(("==", "!=", "<=>"))
RELATIONAL_OPS = frozenset(("<", "<=", ">", ">="))
REGEX_OPS = frozenset(("=~", "==~"))


def _unsupported(what: str, tok: Token) -> ScriptError:
    return syntax_error(f"{what} is not supported in sync rules", tok.line, tok.col)


class PrimaryMixin:
    # Provided by Parser.
    tok: Token
    pos: int
    toks: list[Token]

    def postfix(self) -> A.Node:  # noqa: C901 - one loop over the postfix operators
        node = self.primary()
        while True:
            t = self.tok
            if t.type != "op":
                return node
            v = t.value
            if v in (".", "?.", "*."):
                self.advance()
                self.skip_nl()
                nt = self.tok
                if nt.type in ("ident", "kw"):
                    self.check_member(nt)
                    name: object = nt.value
                    self.pos += 1
                elif nt.type == "str":
                    name = nt.value
                    self.pos += 1
                elif nt.type == "gstr":
                    name = self.gstring(nt)
                    self.pos += 1
                else:
                    raise self.error(f"Expected a property or method name after '{v}'", nt)
                if self.at("(") or (self.at("{") and isinstance(name, str)):
                    args = self.call_args()
                    if not isinstance(name, str):
                        raise self.error("Method names must be plain names", nt)
                    node = A.MethodCall(nt.line, nt.col, node, name, args, v)
                else:
                    node = A.Prop(nt.line, nt.col, node, name, v)
            elif v == "(":
                node = A.CallValue(t.line, t.col, node, self.call_args())
            elif v == "[":
                self.advance()
                self.skip_nl()
                index = self.expr()
                self.skip_nl()
                self.expect("]", "to close the index")
                node = A.Index(t.line, t.col, node, index)
            elif v in ("++", "--"):
                if not isinstance(node, A.Name | A.Prop | A.Index):
                    return node
                self.advance()
                node = A.IncDec(t.line, t.col, node, v, False)
            elif v in (".&", ".@"):
                what = "A method pointer ('.&')" if v == ".&" else "Direct field access ('.@')"
                raise syntax_error(f"{what} is not supported in sync rules", t.line, t.col)
            else:
                return node

    def check_member(self, t: Token) -> None:
        name = str(t.value)
        if name.startswith("_"):
            raise SandboxError(
                f"Names beginning with '_' ('{name}') are not available in sync rules",
                t.line,
                t.col,
            )

    def call_args(self) -> list[A.Node]:
        args: list[A.Node] = []
        if self.accept("("):
            named: list[tuple[object, A.Node]] = []
            named_tok = None
            self.skip_nl()
            while not self.at(")"):
                t = self.tok
                if t.type in ("ident", "str", "kw") and self.peek().value == ":":
                    if t.type == "ident":
                        self.check_member(t)
                    self.pos += 2
                    self.skip_nl()
                    named_tok = named_tok or t
                    named.append((t.value, self.expr()))
                else:
                    args.append(self.expr())
                self.skip_nl()
                if not self.accept(","):
                    break
                self.skip_nl()
            self.expect(")", "to close the argument list")
            if named:
                args.insert(0, A.MapLit(named_tok.line, named_tok.col, named))
        while self.at("{"):
            args.append(self.closure())
        return args

    def closure(self) -> A.Node:
        t = self.expect("{")
        self.enter()
        params = self.closure_params()
        stmts = self.statements()
        self.expect("}")
        self.depth -= 1
        return A.ClosureLit(t.line, t.col, params, A.Block(t.line, t.col, stmts))

    def closure_params(self) -> list[str] | None:
        k = 0
        while self.peek(k).type == "nl":
            k += 1
        start = k
        while True:
            t = self.peek(k)
            if t.value == "->" and t.type == "op":
                break
            if t.type == "ident" or (t.type == "op" and t.value in (",", ".", "<", ">", "[", "]")):
                k += 1
                continue
            if t.type == "kw" and t.value == "def":
                k += 1
                continue
            return None
        self.pos += start
        params: list[str] = []
        while not self.at("->"):
            if self.accept("def"):
                continue
            if (
                self.tok.type == "ident"
                and self.peek().type == "ident"
                or self.peek().value
                in (
                    "<",
                    ".",
                    "[",
                )
            ):
                self.skip_type()
            params.append(self.ident("a closure parameter"))
            if not self.accept(","):
                break
        self.expect("->")
        return params

    def gstring(self, t: Token) -> A.Node:
        from .parser import Parser

        parts: list[object] = []
        for part in t.value:  # type: ignore[union-attr]
            if isinstance(part, GPart):
                sub = Parser(tokenize(part.src, part.line, part.col))
                sub.depth = self.depth
                if sub.tok.type == "eof":
                    raise syntax_error("Empty '${}' in string", part.line, part.col)
                parts.append(sub.expr())
                if sub.tok.type != "eof":
                    raise sub.error(f"Unexpected {sub.tok.describe()} inside '${{...}}'")
            else:
                parts.append(part)
        return A.GStr(t.line, t.col, parts)

    def primary(self) -> A.Node:  # noqa: C901 - a dispatch on the token
        t = self.tok
        tt, v = t.type, t.value
        if tt == "num" or tt == "str":
            self.pos += 1
            return A.Lit(t.line, t.col, v)
        if tt == "gstr":
            self.pos += 1
            return self.gstring(t)
        if tt == "ident":
            self.check_name(t)
            self.pos += 1
            if self.at("(") or self.at("{"):
                return A.FuncCall(t.line, t.col, v, self.call_args())
            return A.Name(t.line, t.col, v)
        if tt == "kw":
            if v in ("true", "false", "null"):
                self.pos += 1
                return A.Lit(t.line, t.col, {"true": True, "false": False, "null": None}[v])
            if v == "new":
                self.pos += 1
                type_name = self.skip_type()
                if not self.at("("):
                    raise self.error(f"Expected '(' after 'new {type_name}'")
                return A.New(t.line, t.col, type_name, self.call_args())
            raise self.error(f"Unexpected keyword '{v}'")
        if tt == "op":
            if v == "(":
                self.pos += 1
                self.skip_nl()
                inner = self.expr()
                self.skip_nl()
                self.expect(")", "to close the parenthesis")
                return inner
            if v == "[":
                return self.list_or_map()
            if v == "{":
                return self.closure()
            if v == "@":
                raise syntax_error(
                    "An annotation ('@') is not supported in sync rules", t.line, t.col
                )
        if tt == "ident" and v in UNSUPPORTED:
            raise syntax_error(f"`{v}` is not supported in sync rules", t.line, t.col)
        if tt == "eof":
            raise self.error("Unexpected end of script: an expression is missing")
        raise self.error(f"Unexpected {t.describe()}")

    def list_or_map(self) -> A.Node:
        t = self.expect("[")
        self.skip_nl()
        if self.accept(":"):
            self.skip_nl()
            self.expect("]", "after '[:'")
            return A.MapLit(t.line, t.col, [])
        items: list[A.Node] = []
        entries: list[tuple[object, A.Node]] = []
        while not self.at("]"):
            k = self.tok
            if k.type in ("ident", "str", "kw", "num") and self.peek().value == ":":
                if items:
                    raise self.error("Cannot mix list items and map entries", k)
                if k.type == "ident":
                    self.check_member(k)
                self.pos += 2
                self.skip_nl()
                entries.append(
                    (k.value if k.type != "num" else A.Lit(k.line, k.col, k.value), self.expr())
                )
            else:
                value = self.expr()
                self.skip_nl()
                if self.accept(":"):
                    if items:
                        raise self.error("Cannot mix list items and map entries", k)
                    self.skip_nl()
                    entries.append((value, self.expr()))
                else:
                    if entries:
                        raise self.error("Expected 'key: value' in the map literal", k)
                    items.append(value)
            self.skip_nl()
            if not self.accept(","):
                break
            self.skip_nl()
        self.skip_nl()
        self.expect("]", "to close the list" if not entries else "to close the map")
        if entries:
            return A.MapLit(t.line, t.col, entries)
        return A.ListLit(t.line, t.col, items)

    # -- expressions ---------------------------------------------------------------------------
    def expr(self) -> A.Node:
        self.enter()
        t = self.tok
        left = self.ternary()
        if self.tok.type == "op" and self.tok.value in ASSIGN_OPS:
            op_tok = self.advance()
            if not isinstance(left, A.Name | A.Prop | A.Index):
                raise self.error("Only variables, properties and indexes can be assigned", op_tok)
            if isinstance(left, A.Prop) and left.mode != ".":
                raise self.error(f"Cannot assign through '{left.mode}'", op_tok)
            self.skip_nl()
            left = A.Assign(t.line, t.col, left, op_tok.value, self.expr())
        self.depth -= 1
        return left

    def ternary(self) -> A.Node:
        cond = self.binary_or()
        t = self.tok
        if t.type == "op" and t.value == "?:":
            self.advance()
            self.skip_nl()
            return A.Elvis(t.line, t.col, cond, self.ternary())
        if t.type == "op" and t.value == "?":
            self.advance()
            self.skip_nl()
            then = self.ternary()
            self.skip_nl()
            self.expect(":", "in the '? :' expression")
            self.skip_nl()
            return A.Ternary(t.line, t.col, cond, then, self.ternary())
        return cond

    def binary_or(self) -> A.Node:
        left = self.binary_and()
        while self.at("||"):
            t = self.advance()
            self.skip_nl()
            left = A.Or(t.line, t.col, left, self.binary_and())
        return left

    def binary_and(self) -> A.Node:
        left = self.regex()
        while self.at("&&"):
            t = self.advance()
            self.skip_nl()
            left = A.And(t.line, t.col, left, self.regex())
        return left

    def regex(self) -> A.Node:
        left = self.equality()
        while self.tok.type == "op" and self.tok.value in REGEX_OPS:
            t = self.advance()
            self.skip_nl()
            left = A.Binary(t.line, t.col, t.value, left, self.equality())
        return left

    def equality(self) -> A.Node:
        left = self.relational()
        while self.tok.type == "op" and self.tok.value in EQUALITY_OPS:
            t = self.advance()
            self.skip_nl()
            left = A.Binary(t.line, t.col, t.value, left, self.relational())
        return left

    def relational(self) -> A.Node:
        left = self.range_()
        while True:
            t = self.tok
            if t.type == "op" and t.value in RELATIONAL_OPS:
                self.advance()
                self.skip_nl()
                left = A.Binary(t.line, t.col, t.value, left, self.range_())
            elif t.value == "in" and t.type == "kw":
                self.advance()
                left = A.InTest(t.line, t.col, left, self.range_(), False)
            elif t.value == "!" and self.peek().value in ("in", "instanceof"):
                self.advance()
                if self.advance().value == "in":
                    left = A.InTest(t.line, t.col, left, self.range_(), True)
                else:
                    left = A.InstanceOf(t.line, t.col, left, self.skip_type(), True)
            elif t.value == "instanceof" and t.type == "kw":
                self.advance()
                left = A.InstanceOf(t.line, t.col, left, self.skip_type(), False)
            elif t.value == "as" and t.type == "kw":
                self.advance()
                left = A.AsType(t.line, t.col, left, self.skip_type())
            else:
                return left

    def range_(self) -> A.Node:
        left = self.shift()
        if self.tok.type == "op" and self.tok.value in ("..", "..<"):
            t = self.advance()
            left = A.RangeLit(t.line, t.col, left, self.shift(), t.value == "..<")
        return left

    def shift(self) -> A.Node:
        left = self.additive()
        while self.at("<<"):
            t = self.advance()
            self.skip_nl()
            left = A.Binary(t.line, t.col, "<<", left, self.additive())
        return left

    def additive(self) -> A.Node:
        left = self.multiplicative()
        while self.tok.type == "op" and self.tok.value in ("+", "-"):
            t = self.advance()
            self.skip_nl()
            left = A.Binary(t.line, t.col, t.value, left, self.multiplicative())
        return left

    def multiplicative(self) -> A.Node:
        left = self.unary()
        while self.tok.type == "op" and self.tok.value in ("*", "/", "%"):
            t = self.advance()
            self.skip_nl()
            left = A.Binary(t.line, t.col, t.value, left, self.unary())
        return left

    def unary(self) -> A.Node:
        self.enter()
        try:
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> A.Node:
        t = self.tok
        if t.type == "op":
            if t.value == "!":
                self.advance()
                return A.Not(t.line, t.col, self.unary())
            if t.value in ("-", "+", "~"):
                self.advance()
                operand = self.unary()
                if (
                    t.value == "-"
                    and isinstance(operand, A.Lit)
                    and operand.value is not None
                    and not isinstance(operand.value, bool | str)
                ):
                    return A.Lit(t.line, t.col, -operand.value)
                return A.Unary(t.line, t.col, t.value, operand)
            if t.value in ("++", "--"):
                self.advance()
                target = self.unary()
                if not isinstance(target, A.Name | A.Prop | A.Index):
                    raise self.error(f"'{t.value}' needs a variable, property or index", t)
                return A.IncDec(t.line, t.col, target, t.value, True)
            if t.value == "(" and self._is_cast():
                raise syntax_error(
                    "A cast like `(String) x` is not supported in sync rules: use `x as String`",
                    t.line,
                    t.col,
                )
        base = self.postfix()
        if self.at("**"):
            t = self.advance()
            self.skip_nl()
            return A.Binary(t.line, t.col, "**", base, self.unary())
        return base

    def _is_cast(self) -> bool:
        a, b = self.peek(), self.peek(2)
        c = self.peek(3)
        return (
            a.type == "ident"
            and b.value == ")"
            and a.value in ("String", "int", "Integer", "long", "Long", "List", "Map", "double")
            and c.type in ("ident", "num", "str", "gstr")
        )
