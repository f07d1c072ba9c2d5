"""Hand-written recursive-descent parser for the Groovy subset of sync rules."""

from __future__ import annotations

from . import ast as A
from .errors import SandboxError, ScriptError, syntax_error
from .lexer import UNSUPPORTED, Token, tokenize
from .parser_primary import PrimaryMixin, _unsupported

MAX_NESTING = 120


PRIMITIVES = frozenset(
    ["int", "long", "double", "float", "boolean", "char", "byte", "short", "var"]
)
MODIFIERS = frozenset(("final", "private", "public", "protected"))
_NAMED_UNSUPPORTED = {
    ".&": "a method pointer ('.&')",
    ".@": "direct field access ('.@')",
    "@": "an annotation ('@')",
}


class Parser(PrimaryMixin):
    def __init__(self, tokens: list[Token]) -> None:
        self.toks = tokens
        self.pos = 0
        self.depth = 0
        self.functions: list[A.Node] = []

    # -- token helpers -------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.pos]

    def peek(self, k: int = 1) -> Token:
        i = min(self.pos + k, len(self.toks) - 1)
        return self.toks[i]

    def advance(self) -> Token:
        t = self.toks[self.pos]
        if t.type != "eof":
            self.pos += 1
        return t

    def at(self, value: str) -> bool:
        t = self.toks[self.pos]
        return t.value == value and t.type in ("op", "kw")

    def accept(self, value: str) -> bool:
        if self.at(value):
            self.pos += 1
            return True
        return False

    def expect(self, value: str, where: str = "") -> Token:
        if self.at(value):
            return self.advance()
        t = self.tok
        suffix = f" {where}" if where else ""
        raise syntax_error(f"Expected '{value}'{suffix} but found {t.describe()}", t.line, t.col)

    def skip_nl(self) -> None:
        while self.toks[self.pos].type == "nl":
            self.pos += 1

    def error(self, message: str, tok: Token | None = None) -> ScriptError:
        t = tok or self.tok
        return syntax_error(message, t.line, t.col)

    def ident(self, what: str) -> str:
        t = self.tok
        if t.type != "ident":
            raise self.error(f"Expected {what} but found {t.describe()}")
        self.check_name(t)
        self.pos += 1
        return t.value  # type: ignore[return-value]

    def check_name(self, t: Token) -> None:
        name = t.value
        if name in UNSUPPORTED:
            raise _unsupported(f"`{name}`", t)
        if isinstance(name, str) and name.startswith("_"):
            raise SandboxError(
                f"Names beginning with '_' ('{name}') are not available in sync rules",
                t.line,
                t.col,
            )

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"The script is nested too deeply (more than {MAX_NESTING} levels)")

    # -- statements ----------------------------------------------------------------------------
    def parse_script(self) -> A.Node:
        stmts = self.statements(until_eof=True)
        return A.Script(1, 1, stmts, self.functions)

    def statements(self, until_eof: bool = False) -> list[A.Node]:
        stmts: list[A.Node] = []
        while True:
            while self.tok.type == "nl" or self.at(";"):
                self.pos += 1
            t = self.tok
            if t.type == "eof":
                if not until_eof:
                    raise self.error("Expected '}' but reached the end of the script")
                return stmts
            if t.type == "op" and t.value == "}":
                if until_eof:
                    raise self.error("Unexpected '}' with no matching '{'")
                return stmts
            stmt = self.statement()
            if stmt is not None:
                stmts.append(stmt)
            t = self.tok
            if not (t.type in ("nl", "eof") or (t.type == "op" and t.value in (";", "}"))):
                raise self.error(f"Unexpected {t.describe()}: expected the end of the statement")

    def block(self) -> A.Node:
        t = self.expect("{")
        self.enter()
        stmts = self.statements()
        self.expect("}")
        self.depth -= 1
        return A.Block(t.line, t.col, stmts)

    def body(self) -> A.Node:
        """A braced block or a single statement (after if/for/while)."""
        self.skip_nl()
        if self.at("{"):
            return self.block()
        t = self.tok
        stmt = self.statement()
        return A.Block(t.line, t.col, [stmt] if stmt is not None else [])

    def statement(self) -> A.Node | None:
        t = self.tok
        if t.type == "kw":
            handler = getattr(self, f"stmt_{t.value}", None)
            if handler is not None:
                return handler()
        elif t.type == "ident":
            if t.value in MODIFIERS:
                self.pos += 1
                return self.statement()
            if t.value in UNSUPPORTED:
                raise _unsupported(f"`{t.value}`", t)
            nxt = self.peek()
            if (
                str(t.value)[:1].islower()
                and t.value not in PRIMITIVES
                and nxt.type in ("ident", "str", "gstr", "num")
            ):
                return self.command_call(t)
            if self.is_typed_decl():
                return self.typed_decl()
        elif t.type == "op":
            if t.value == "{":
                save = self.pos
                self.pos += 1
                is_closure = self.closure_params() is not None
                self.pos = save
                if not is_closure:
                    return self.block()
            if t.value in _NAMED_UNSUPPORTED:
                raise _unsupported(_NAMED_UNSUPPORTED[t.value].capitalize(), t)
        expr = self.expr()
        nxt = self.tok
        if (
            isinstance(expr, A.Prop)
            and expr.mode != "*."
            and isinstance(expr.name, str)
            and (nxt.type in ("str", "gstr", "num", "ident") or nxt.value in ("true", "false"))
        ):
            # `log.info "text"`: a command expression, i.e. a call without parentheses.
            args = [self.expr()]
            while self.accept(","):
                self.skip_nl()
                args.append(self.expr())
            expr = A.MethodCall(expr.line, expr.col, expr.obj, expr.name, args, expr.mode)
        return A.ExprStmt(t.line, t.col, expr)

    def command_call(self, t: Token) -> A.Node:
        """`println x` style: a lower-case name followed by arguments without parentheses."""
        self.check_name(t)
        self.pos += 1
        args = [self.expr()]
        while self.accept(","):
            self.skip_nl()
            args.append(self.expr())
        return A.ExprStmt(t.line, t.col, A.FuncCall(t.line, t.col, t.value, args))

    def is_typed_decl(self) -> bool:
        nxt = self.peek()
        if nxt.type == "ident":
            after = self.peek(2)
            return after.type in ("nl", "eof") or after.value in ("=", ";", "(", "}")
        if nxt.value == "<" and str(self.tok.value)[:1].isupper():
            depth, k = 0, 1
            while True:
                t = self.peek(k)
                if t.value == "<":
                    depth += 1
                elif t.value == ">":
                    depth -= 1
                    if depth == 0:
                        return self.peek(k + 1).type == "ident"
                elif t.type != "ident" and t.value not in (",", ".", "?", "[", "]"):
                    return False
                k += 1
        if nxt.value == "[" and self.peek(2).value == "]":
            return self.peek(3).type == "ident"
        return False

    def skip_type(self) -> str:
        name = self.ident("a type")
        while self.at(".") and self.peek().type == "ident":
            self.pos += 1
            name = self.ident("a type")
        if self.at("<"):
            depth = 0
            while True:
                t = self.advance()
                if t.value == "<":
                    depth += 1
                elif t.value == ">":
                    depth -= 1
                    if depth == 0:
                        break
                elif t.type == "eof":
                    raise self.error("Unterminated generic type: '>' is missing", t)
        while self.at("[") and self.peek().value == "]":
            self.pos += 2
        return name

    def typed_decl(self) -> A.Node:
        t = self.tok
        type_name = self.skip_type()
        return self.decl_rest(t, type_name)

    def decl_rest(self, t: Token, type_name: str | None) -> A.Node:
        name_tok = self.tok
        name = self.ident("a variable name")
        if self.at("("):
            return self.function_def(name_tok, name)
        value = None
        if self.accept("="):
            self.skip_nl()
            value = self.expr()
        decl = A.Decl(name_tok.line, name_tok.col, name, type_name, value)
        if self.at(","):
            raise self.error("Declaring several variables in one statement is not supported")
        return decl

    def function_def(self, t: Token, name: str) -> A.Node:
        if self.depth > 0:
            raise self.error("Methods can only be defined at the top level of a script", t)
        self.expect("(")
        params = self.params(")")
        self.expect(")")
        self.skip_nl()
        fn = A.FuncDef(t.line, t.col, name, params, self.block())
        self.functions.append(fn)
        return None  # type: ignore[return-value]

    def params(self, end: str) -> list[str]:
        names: list[str] = []
        self.skip_nl()
        while not self.at(end):
            if self.tok.type == "ident" and self.tok.value in MODIFIERS:
                self.pos += 1
            if self.accept("def"):
                pass
            elif (
                (self.peek().type == "ident" or self.peek().value in ("<", "["))
                and self.tok.type == "ident"
                and self.peek().value not in (",", end)
            ):
                self.skip_type()
            names.append(self.ident("a parameter name"))
            if self.at("="):
                raise self.error("Default parameter values are not supported in sync rules")
            if not self.accept(","):
                break
            self.skip_nl()
        return names

    def stmt_def(self) -> A.Node:
        t = self.advance()
        if self.at("("):
            raise _unsupported("Multiple assignment `def (a, b) = ...`", self.tok)
        if self.tok.type == "ident" and self.tok.value in MODIFIERS:
            self.pos += 1
        if self.is_typed_decl():
            return self.typed_decl()
        return self.decl_rest(t, None)

    def stmt_if(self) -> A.Node:
        t = self.advance()
        self.expect("(", "after 'if'")
        cond = self.expr()
        self.expect(")", "to close the 'if' condition")
        then = self.body()
        other = None
        save = self.pos
        while self.tok.type == "nl" or self.at(";"):
            self.pos += 1
        if self.accept("else"):
            self.skip_nl()
            other = self.body() if not self.at("if") else self.stmt_if()
        else:
            self.pos = save
        return A.If(t.line, t.col, cond, then, other)

    def stmt_while(self) -> A.Node:
        t = self.advance()
        self.expect("(", "after 'while'")
        cond = self.expr()
        self.expect(")", "to close the 'while' condition")
        return A.While(t.line, t.col, cond, self.body())

    def stmt_for(self) -> A.Node:
        t = self.advance()
        self.expect("(", "after 'for'")
        save = self.pos
        self.accept("def")
        if self.tok.type == "ident" and self.tok.value in MODIFIERS:
            self.pos += 1
        if self.tok.type == "ident" and self.peek().type == "ident":
            self.skip_type()
        if self.tok.type == "ident" and (self.peek().value in ("in", ":")):
            var = self.ident("a loop variable")
            self.advance()
            iterable = self.expr()
            self.expect(")", "to close the 'for' loop header")
            return A.ForIn(t.line, t.col, var, iterable, self.body())
        self.pos = save
        init = None
        if not self.at(";"):
            init = self.stmt_def() if self.at("def") else self.statement()
        self.expect(";", "in the 'for' loop header")
        cond = None if self.at(";") else self.expr()
        self.expect(";", "in the 'for' loop header")
        steps: list[A.Node] = []
        while not self.at(")"):
            steps.append(self.expr())
            if not self.accept(","):
                break
        self.expect(")", "to close the 'for' loop header")
        return A.ForC(t.line, t.col, init, cond, steps, self.body())

    def stmt_switch(self) -> A.Node:
        t = self.advance()
        self.expect("(", "after 'switch'")
        subject = self.expr()
        self.expect(")", "to close the 'switch' subject")
        self.skip_nl()
        self.expect("{", "to open the 'switch' body")
        cases: list[tuple[list[A.Node] | None, list[A.Node]]] = []
        while True:
            while self.tok.type == "nl" or self.at(";"):
                self.pos += 1
            if self.accept("}"):
                break
            if self.accept("case"):
                values = [self.expr()]
                self.expect(":", "after the 'case' value")
            elif self.accept("default"):
                values = None
                self.expect(":", "after 'default'")
            else:
                raise self.error(f"Expected 'case' or 'default' but found {self.tok.describe()}")
            body: list[A.Node] = []
            while True:
                while self.tok.type == "nl" or self.at(";"):
                    self.pos += 1
                if self.at("case") or self.at("default") or self.at("}"):
                    break
                if self.tok.type == "eof":
                    raise self.error("Expected '}' to close the 'switch' body")
                stmt = self.statement()
                if stmt is not None:
                    body.append(stmt)
            cases.append((values, body))
        return A.Switch(t.line, t.col, subject, cases)

    def _end_of_statement(self) -> bool:
        t = self.tok
        return t.type in ("nl", "eof") or (t.type == "op" and t.value in (";", "}"))

    def stmt_break(self) -> A.Node:
        t = self.advance()
        return A.Break(t.line, t.col)

    def stmt_continue(self) -> A.Node:
        t = self.advance()
        return A.Continue(t.line, t.col)

    def stmt_return(self) -> A.Node:
        t = self.advance()
        value = None if self._end_of_statement() else self.expr()
        return A.Return(t.line, t.col, value)

    def stmt_throw(self) -> A.Node:
        t = self.advance()
        return A.Throw(t.line, t.col, self.expr())

    def stmt_assert(self) -> A.Node:
        t = self.advance()
        cond = self.expr()
        message = self.expr() if (self.accept(":") or self.accept(",")) else None
        return A.Assert(t.line, t.col, cond, message)

    def stmt_try(self) -> A.Node:
        t = self.advance()
        self.skip_nl()
        body = self.block()
        catches: list[tuple[str, A.Node]] = []
        final = None
        while True:
            save = self.pos
            self.skip_nl()
            if self.accept("catch"):
                self.expect("(", "after 'catch'")
                if self.peek().type == "ident" or self.peek().value in (".", "|"):
                    self.skip_type()
                    while self.accept("|"):
                        self.skip_type()
                var = self.ident("the exception variable")
                self.expect(")", "to close the 'catch' clause")
                self.skip_nl()
                catches.append((var, self.block()))
            elif self.accept("finally"):
                self.skip_nl()
                final = self.block()
                break
            else:
                self.pos = save
                break
        if not catches and final is None:
            raise self.error("'try' needs a 'catch' or 'finally' block")
        return A.Try(t.line, t.col, body, catches, final)


def parse(text: str) -> A.Node:
    """Parses a whole script; raises ScriptError (kind "syntax" or "sandbox") on the first error."""
    return Parser(tokenize(text)).parse_script()
