"""Expression compilation: each node becomes a Python closure `f(scope) -> value`."""

from __future__ import annotations

import difflib
from typing import Any

from . import ast as A
from .errors import ScriptError
from .interp_assign import AssignMixin, _located
from .methods import call_method
from .ops import (
    FORBIDDEN_GLOBALS,
    FORBIDDEN_MEMBERS,
    as_type,
    binary,
    call_closure,
    compare_op,
    contains,
    forbidden,
    get_index,
    get_prop,
    instance_of,
    make_range,
    pattern,
)
from .values import (
    Closure,
    Entity,
    GSet,
    MapEntry,
    Scope,
    equals,
    is_number,
    to_str,
    truthy,
    type_name,
)

NEW_TYPES = {
    "ArrayList": list,
    "LinkedList": list,
    "HashMap": dict,
    "LinkedHashMap": dict,
    "TreeMap": dict,
    "HashSet": GSet,
    "LinkedHashSet": GSet,
    "TreeSet": GSet,
}


class ExceptionValue:
    """What `new Exception("...")` builds and what `catch (e)` binds."""

    type_label = "Exception"

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        self.message = message
        self.methods = {
            "getMessage": lambda ctx, args: self.message,
            "getLocalizedMessage": lambda ctx, args: self.message,
        }

    def get_property(self, name: str) -> Any:
        if name in ("message", "localizedMessage"):
            return self.message
        raise ScriptError(f"No property '{name}' on {self.kind}")


def suggest(name: str, scope: Scope) -> str:
    names: list[str] = []
    s: Scope | None = scope
    while s is not None:
        names.extend(s.vars)
        s = s.parent
    names.extend(scope.ctx.functions)
    close = difflib.get_close_matches(name, names, n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def unknown_name(name: str, scope: Scope) -> ScriptError:
    if name in FORBIDDEN_GLOBALS:
        return forbidden(name)
    return ScriptError(f"Unknown variable '{name}'.{suggest(name, scope)}".rstrip("."))


def _refuse_global(n: A.Node) -> None:
    """Host classes (`System`, `Runtime`, `Class` ...) and `evaluate` are refused when compiled."""
    if n.name in FORBIDDEN_GLOBALS and (n.name[:1].isupper() or n.name == "evaluate"):
        raise forbidden(n.name).locate(n.line, n.col)


def _spreadable(o: Any) -> Any:
    if isinstance(o, list):
        return o
    if type(o) is dict:
        return [MapEntry(k, v) for k, v in o.items()]
    raise ScriptError(f"The spread operator '*.' needs a list, not {type_name(o)}")


def _arith(op: str, a: Any, b: Any, scope: Scope) -> Any:
    return binary(scope.ctx, op, a, b)


class ExprCompiler(AssignMixin):
    def expr(self, node: A.Node):
        return getattr(self, "e_" + type(node).__name__)(node)

    def closure_body(self, body: A.Node):  # provided by Compiler
        raise NotImplementedError

    def args(self, nodes: list[A.Node]):
        fns = [self.expr(a) for a in nodes]
        if not fns:
            return lambda scope: []
        if len(fns) == 1:
            f0 = fns[0]
            return lambda scope: [f0(scope)]
        return lambda scope: [f(scope) for f in fns]

    def e_Lit(self, n):
        value = n.value
        return lambda scope: value

    def e_GStr(self, n):
        parts = [(p if isinstance(p, str) else self.expr(p)) for p in n.parts]

        def gstr(scope: Scope) -> str:
            out = "".join(p if type(p) is str else to_str(p(scope)) for p in parts)
            return scope.ctx.check_string(out)

        return gstr

    def e_Name(self, n):
        name = n.name
        _refuse_global(n)

        line, col = n.line, n.col

        def lookup(scope: Scope) -> Any:
            s = scope
            while s is not None:
                v = s.vars
                if name in v:
                    return v[name]
                s = s.parent
            raise unknown_name(name, scope).locate(line, col)

        return lookup

    def e_ListLit(self, n):
        items = self.args(n.items)
        return lambda scope: scope.ctx.check_size(items(scope))

    def e_MapLit(self, n):
        entries = [(k if isinstance(k, str) else self.expr(k), self.expr(v)) for k, v in n.entries]

        def map_(scope: Scope) -> dict[Any, Any]:
            out = {}
            for k, v in entries:
                key = k if type(k) is str else k(scope)
                if isinstance(key, list | dict):
                    raise ScriptError("Map keys must be strings or numbers")
                out[key] = v(scope)
            return out

        return _located(map_, n.line, n.col)

    def e_RangeLit(self, n):
        lo, hi, exclusive = self.expr(n.lo), self.expr(n.hi), n.exclusive
        return _located(
            lambda scope: make_range(scope.ctx, lo(scope), hi(scope), exclusive), n.line, n.col
        )

    def e_Prop(self, n):
        if isinstance(n.name, str) and n.name in FORBIDDEN_MEMBERS:
            raise forbidden(n.name).locate(n.line, n.col)
        obj, mode = self.expr(n.obj), n.mode
        name = n.name if isinstance(n.name, str) else self.expr(n.name)
        if mode == "*.":

            def spread(scope: Scope) -> Any:
                o = obj(scope)
                key = name if type(name) is str else to_str(name(scope))
                return None if o is None else [get_prop(x, key, True) for x in _spreadable(o)]

            return _located(spread, n.line, n.col)
        safe = mode == "?."
        if type(name) is str:
            line, col = n.line, n.col

            def prop(scope: Scope) -> Any:
                o = obj(scope)
                if type(o) is Entity:
                    return o.get(name)
                try:
                    return get_prop(o, name, safe)
                except ScriptError as e:
                    raise e.locate(line, col) from None

            return prop
        return _located(lambda scope: get_prop(obj(scope), name(scope), safe), n.line, n.col)

    def e_Index(self, n):
        obj, index = self.expr(n.obj), self.expr(n.index)
        return _located(lambda scope: get_index(obj(scope), index(scope)), n.line, n.col)

    def e_MethodCall(self, n):
        if n.name in FORBIDDEN_MEMBERS:
            raise forbidden(n.name).locate(n.line, n.col)
        obj, name, args, mode = self.expr(n.obj), n.name, self.args(n.args), n.mode
        if mode == "*.":

            def spread_call(scope: Scope) -> Any:
                o = obj(scope)
                if o is None:
                    return None
                a = args(scope)
                return [call_method(scope.ctx, x, name, a) for x in _spreadable(o)]

            return _located(spread_call, n.line, n.col)
        safe = mode == "?."

        line, col = n.line, n.col

        def method(scope: Scope) -> Any:
            o = obj(scope)
            if o is None and safe:
                return None
            a = args(scope)
            try:
                return call_method(scope.ctx, o, name, a)
            except ScriptError as e:
                raise e.locate(line, col) from None

        return method

    def e_FuncCall(self, n):
        name, args = n.name, self.args(n.args)
        _refuse_global(n)

        def func(scope: Scope) -> Any:
            s = scope
            while s is not None:
                if name in s.vars:
                    target = s.vars[name]
                    if type(target) is Closure:
                        return call_closure(scope.ctx, target, args(scope))
                    raise ScriptError(
                        f"'{name}' is {type_name(target)}, not a closure, so it cannot be called"
                    )
                s = s.parent
            ctx = scope.ctx
            fn = ctx.functions.get(name)
            if fn is not None:
                return call_closure(ctx, fn, args(scope))
            if name in ("println", "print"):
                values = args(scope)
                ctx.logs.append(" ".join(to_str(v) for v in values))
                return None
            if name in FORBIDDEN_GLOBALS:
                raise forbidden(name)
            raise ScriptError(f"Unknown method '{name}()'.{suggest(name, scope)}".rstrip("."))

        return _located(func, n.line, n.col)

    def e_CallValue(self, n):
        callee, args = self.expr(n.callee), self.args(n.args)
        return _located(
            lambda scope: call_closure(scope.ctx, callee(scope), args(scope)), n.line, n.col
        )

    def e_ClosureLit(self, n):
        params, body, line, col = n.params, self.closure_body(n.body), n.line, n.col
        return lambda scope: Closure(params, body, scope, line, col)

    def e_Unary(self, n):
        operand, op = self.expr(n.expr), n.op

        def unary(scope: Scope) -> Any:
            v = operand(scope)
            if op == "~":
                return pattern(v)
            if not is_number(v) or type(v) is bool:
                raise ScriptError(f"Cannot apply unary '{op}' to {to_str(v)!r}")
            return -v if op == "-" else v

        return _located(unary, n.line, n.col)

    def e_Binary(self, n):
        left, right, op = self.expr(n.left), self.expr(n.right), n.op
        if op == "==":
            return lambda scope: equals(left(scope), right(scope))
        if op == "!=":
            return lambda scope: not equals(left(scope), right(scope))
        if op in ("<", "<=", ">", ">=", "<=>"):
            fn = lambda scope: compare_op(op, left(scope), right(scope))  # noqa: E731
        else:
            fn = lambda scope: binary(scope.ctx, op, left(scope), right(scope))  # noqa: E731
        return _located(fn, n.line, n.col)

    def e_And(self, n):
        left, right = self.expr(n.left), self.expr(n.right)
        return lambda scope: truthy(left(scope)) and truthy(right(scope))

    def e_Or(self, n):
        left, right = self.expr(n.left), self.expr(n.right)
        return lambda scope: truthy(left(scope)) or truthy(right(scope))

    def e_Not(self, n):
        operand = self.expr(n.expr)
        return lambda scope: not truthy(operand(scope))

    def e_Ternary(self, n):
        cond, then, other = self.expr(n.cond), self.expr(n.then), self.expr(n.other)
        return lambda scope: then(scope) if truthy(cond(scope)) else other(scope)

    def e_Elvis(self, n):
        left, right = self.expr(n.left), self.expr(n.right)

        def elvis(scope: Scope) -> Any:
            v = left(scope)
            return v if truthy(v) else right(scope)

        return elvis

    def e_InTest(self, n):
        left, right, negate = self.expr(n.left), self.expr(n.right), n.negate
        return _located(lambda scope: contains(right(scope), left(scope)) != negate, n.line, n.col)

    def e_AsType(self, n):
        value, t = self.expr(n.expr), n.type
        return _located(lambda scope: as_type(scope.ctx, value(scope), t), n.line, n.col)

    def e_InstanceOf(self, n):
        value, t, negate = self.expr(n.expr), n.type, n.negate
        return lambda scope: instance_of(value(scope), t) != negate

    def e_New(self, n):
        t, args = n.type, self.args(n.args)
        if t.endswith(("Exception", "Error", "Throwable")):

            def new_exc(scope: Scope) -> Any:
                a = args(scope)
                return ExceptionValue(t, to_str(a[0]) if a else "")

            return new_exc
        if t in NEW_TYPES:
            kind = NEW_TYPES[t]

            def new_coll(scope: Scope) -> Any:
                a = args(scope)
                if not a or is_number(a[0]):
                    return kind()
                return as_type(scope.ctx, a[0], "Map" if kind is dict else t)

            return _located(new_coll, n.line, n.col)
        if t == "String":
            return lambda scope: "".join(to_str(a) for a in args(scope)[:1])
        if t in FORBIDDEN_GLOBALS:
            raise forbidden(t).locate(n.line, n.col)
        raise ScriptError(
            f"Creating `{t}` objects is not supported in sync rules", n.line, n.col, "syntax"
        )


__all__ = ["ExprCompiler", "ExceptionValue", "suggest"]
