"""Compiles the syntax tree into nested Python closures (one per node) and runs them."""

from __future__ import annotations

from typing import Any

from . import ast as A
from .errors import (
    BreakSignal,
    ContinueSignal,
    LimitError,
    ReturnSignal,
    ScriptError,
    ThrownError,
    syntax_error,
)
from .interp_expr import ExceptionValue, ExprCompiler
from .ops import as_type, is_case, iter_values
from .values import Closure, Ctx, Limits, Scope, to_int, truthy


def _declared(value: Any, type_name: str | None) -> Any:
    """Groovy's conversion on a typed declaration (`String s = 5` gives "5")."""
    if type_name is None or value is None:
        return value
    if type_name in ("String", "GString"):
        return as_type(None, value, "String")  # type: ignore[arg-type]
    if type_name in ("int", "Integer", "long", "Long", "short"):
        if isinstance(value, str):
            raise ScriptError(f"Cannot assign a String to {type_name} (use `as Integer`)")
        return to_int(value)
    if type_name in ("boolean", "Boolean"):
        return truthy(value)
    if type_name in ("Set", "HashSet", "LinkedHashSet") and isinstance(value, list):
        return as_type(None, value, "Set")  # type: ignore[arg-type]
    if type_name in ("double", "Double", "float", "Float"):
        return as_type(None, value, "double")  # type: ignore[arg-type]
    return value


class Compiler(ExprCompiler):
    def __init__(self) -> None:
        self.loops = 0
        self.switches = 0

    # -- statements ----------------------------------------------------------------------------
    def stmt(self, node: A.Node):
        fn = getattr(self, "s_" + type(node).__name__)(node)
        line, col = node.line, node.col

        def run(scope: Scope) -> Any:
            ctx = scope.ctx
            ctx.steps += 1
            if ctx.steps > ctx.checkpoint:
                try:
                    ctx.reached_checkpoint()
                except LimitError as e:
                    raise e.locate(line, col) from None
            try:
                return fn(scope)
            except ScriptError as e:
                raise e.locate(line, col) from None
            except RecursionError:
                raise LimitError(
                    "The script is nested too deeply (recursion limit reached)", line, col
                ) from None
            except Exception as e:  # a gap in the interpreter must still read as a script error
                raise ScriptError(
                    f"Could not run this statement ({type(e).__name__}: {e})", line, col
                ) from None

        return run

    def block(self, stmts: list[A.Node], new_scope: bool | None = None):
        fns = [self.stmt(s) for s in stmts]
        if new_scope is None:
            new_scope = any(isinstance(s, A.Decl) for s in stmts)
        if not fns:
            return lambda scope: None
        if len(fns) == 1 and not new_scope:
            return fns[0]

        if new_scope:

            def run_scoped(scope: Scope) -> Any:
                inner = Scope({}, scope, scope.ctx)
                r = None
                for f in fns:
                    r = f(inner)
                return r

            return run_scoped

        def run_block(scope: Scope) -> Any:
            r = None
            for f in fns:
                r = f(scope)
            return r

        return run_block

    def s_Block(self, n):
        return self.block(n.stmts)

    def s_ExprStmt(self, n):
        return self.expr(n.expr)

    def s_Decl(self, n):
        name, type_name = n.name, n.type
        value = self.expr(n.value) if n.value is not None else None

        def decl(scope: Scope) -> None:
            v = value(scope) if value is not None else None
            scope.vars[name] = _declared(v, type_name)

        return decl

    def s_If(self, n):
        cond = self.expr(n.cond)
        then = self.s_Block(n.then)
        other = None
        if n.other is not None:
            other = self.stmt(n.other) if isinstance(n.other, A.If) else self.s_Block(n.other)

        def if_(scope: Scope) -> Any:
            if truthy(cond(scope)):
                return then(scope)
            if other is not None:
                return other(scope)
            return None

        return if_

    def loop_body(self, body: A.Node):
        self.loops += 1
        try:
            return self.block(body.stmts)
        finally:
            self.loops -= 1

    def s_While(self, n):
        cond = self.expr(n.cond)
        body = self.loop_body(n.body)

        def while_(scope: Scope) -> None:
            ctx = scope.ctx
            while truthy(cond(scope)):
                ctx.steps += 1
                if ctx.steps > ctx.checkpoint:
                    ctx.reached_checkpoint()
                try:
                    body(scope)
                except BreakSignal:
                    break
                except ContinueSignal:
                    continue

        return while_

    def s_ForIn(self, n):
        var = n.var
        iterable = self.expr(n.iterable)
        body = self.loop_body(n.body)

        def for_in(scope: Scope) -> None:
            ctx = scope.ctx
            inner = Scope({}, scope, ctx)
            vars_ = inner.vars
            for x in iter_values(iterable(scope)):
                ctx.steps += 1
                if ctx.steps > ctx.checkpoint:
                    ctx.reached_checkpoint()
                vars_[var] = x
                try:
                    body(inner)
                except BreakSignal:
                    break
                except ContinueSignal:
                    continue

        return for_in

    def s_ForC(self, n):
        init = self.stmt(n.init) if n.init is not None else None
        cond = self.expr(n.cond) if n.cond is not None else None
        steps = [self.expr(s) for s in n.step]
        body = self.loop_body(n.body)

        def for_c(scope: Scope) -> None:
            ctx = scope.ctx
            inner = Scope({}, scope, ctx)
            if init is not None:
                init(inner)
            while cond is None or truthy(cond(inner)):
                ctx.steps += 1
                if ctx.steps > ctx.checkpoint:
                    ctx.reached_checkpoint()
                try:
                    body(inner)
                except BreakSignal:
                    break
                except ContinueSignal:
                    pass
                for s in steps:
                    s(inner)

        return for_c

    def s_Switch(self, n):
        subject = self.expr(n.subject)
        self.switches += 1
        try:
            cases = [
                (
                    None if values is None else [self.expr(v) for v in values],
                    self.block(body, new_scope=False),
                )
                for values, body in n.cases
            ]
        finally:
            self.switches -= 1

        def switch(scope: Scope) -> None:
            v = subject(scope)
            ctx = scope.ctx
            start = None
            default = None
            for i, (values, _) in enumerate(cases):
                if values is None:
                    default = i
                elif any(is_case(f(scope), v, ctx) for f in values):
                    start = i
                    break
            if start is None:
                start = default
            if start is None:
                return
            try:
                for _, body in cases[start:]:
                    body(scope)
            except BreakSignal:
                pass

        return switch

    def s_Break(self, n):
        if not self.loops and not self.switches:
            raise syntax_error("'break' is only allowed inside a loop or switch", n.line, n.col)

        def break_(scope: Scope) -> None:
            raise BreakSignal

        return break_

    def s_Continue(self, n):
        if not self.loops:
            raise syntax_error("'continue' is only allowed inside a loop", n.line, n.col)

        def continue_(scope: Scope) -> None:
            raise ContinueSignal

        return continue_

    def s_Return(self, n):
        value = self.expr(n.value) if n.value is not None else None

        def return_(scope: Scope) -> None:
            raise ReturnSignal(value(scope) if value is not None else None)

        return return_

    def s_Throw(self, n):
        value = self.expr(n.value)

        def throw(scope: Scope) -> None:
            v = value(scope)
            if isinstance(v, ExceptionValue):
                raise ThrownError(f"{v.kind}: {v.message}" if v.message else v.kind)
            raise ThrownError(f"Exception: {v}")

        return throw

    def s_Try(self, n):
        body = self.s_Block(n.body)
        catches = [(var, self.s_Block(block)) for var, block in n.catches]
        final = self.s_Block(n.final) if n.final is not None else None

        def try_(scope: Scope) -> Any:
            try:
                return body(scope)
            except ScriptError as e:
                if not catches or e.kind != "runtime":
                    raise
                var, handler = catches[0]
                inner = Scope(
                    {var: ExceptionValue(_exc_kind(e), _exc_message(e))}, scope, scope.ctx
                )
                return handler(inner)
            finally:
                if final is not None:
                    final(scope)

        return try_

    def s_Assert(self, n):
        cond = self.expr(n.cond)
        message = self.expr(n.message) if n.message is not None else None

        def assert_(scope: Scope) -> None:
            if not truthy(cond(scope)):
                detail = f": {message(scope)}" if message is not None else ""
                raise ScriptError(f"Assertion failed{detail}")

        return assert_

    # -- closures and methods ------------------------------------------------------------------
    def closure_body(self, body: A.Node):
        loops, switches = self.loops, self.switches
        self.loops = self.switches = 0
        try:
            return self.block(body.stmts, new_scope=False)
        finally:
            self.loops, self.switches = loops, switches


def _exc_kind(e: ScriptError) -> str:
    if isinstance(e, ThrownError) and ":" in e.message:
        return e.message.split(":", 1)[0]
    return "Exception"


def _exc_message(e: ScriptError) -> str:
    if isinstance(e, ThrownError) and ":" in e.message:
        return e.message.split(":", 1)[1].strip()
    return e.message


class Program:
    """A compiled script: run it against a dictionary of global names."""

    def __init__(self, node: A.Node) -> None:
        compiler = Compiler()
        self.functions = [
            (f.name, f.params, compiler.closure_body(f.body), f.line, f.col) for f in node.functions
        ]
        self.body = compiler.block(node.stmts, new_scope=False)

    def run(self, globals_: dict[str, Any], limits: Limits) -> Ctx:
        ctx = Ctx(limits)
        root = Scope({}, Scope(globals_, None, ctx), ctx)
        ctx.root = root
        for name, params, body, line, col in self.functions:
            ctx.functions[name] = Closure(params, body, root, line, col)
        try:
            self.body(root)
        except ReturnSignal:
            pass
        except (BreakSignal, ContinueSignal):
            raise ScriptError("'break' or 'continue' outside a loop") from None
        return ctx
