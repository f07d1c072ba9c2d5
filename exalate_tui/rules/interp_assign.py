"""Assignments (`=`, `+=` ...), `++`/`--` and the custom-field `.value` idiom (a mixin of the
expression compiler)."""

from __future__ import annotations

from typing import Any

from . import ast as A
from .errors import ScriptError
from .ops import FORBIDDEN_MEMBERS, binary, forbidden, get_index, get_prop, set_index, set_prop
from .values import Entity, Scope, to_str


def _located(fn, line: int, col: int):
    def located(scope: Scope) -> Any:
        try:
            return fn(scope)
        except ScriptError as e:
            raise e.locate(line, col) from None

    return located


class AssignMixin:
    def expr(self, node: A.Node):  # provided by ExprCompiler
        raise NotImplementedError

    def e_Name(self, node: A.Node):  # provided by ExprCompiler
        raise NotImplementedError

    def e_Assign(self, n):
        target, op, value = n.target, n.op, self.expr(n.value)
        bop = op[0] if op != "=" else None
        if isinstance(target, A.Name):
            name = target.name
            current = self.e_Name(target) if bop else None

            def assign_name(scope: Scope) -> Any:
                v = value(scope)
                if bop:
                    v = binary(scope.ctx, bop, current(scope), v)
                s = scope
                while s is not None:
                    if name in s.vars:
                        s.vars[name] = v
                        return v
                    s = s.parent
                scope.ctx.root.vars[name] = v
                return v

            return _located(assign_name, n.line, n.col)
        if (
            isinstance(target, A.Prop)
            and target.name == "value"
            and isinstance(target.obj, A.Prop)
            and isinstance(target.obj.name, str)
            and target.obj.mode != "*."
        ):
            return self.assign_value(n, target, bop, value)
        obj = self.expr(target.obj)
        if isinstance(target, A.Prop):
            if isinstance(target.name, str) and target.name in FORBIDDEN_MEMBERS:
                raise forbidden(target.name).locate(target.line, target.col)
            key = target.name if isinstance(target.name, str) else self.expr(target.name)

            line, col = n.line, n.col

            def assign_prop(scope: Scope) -> Any:
                o = obj(scope)
                k = key if type(key) is str else to_str(key(scope))
                v = value(scope)
                try:
                    if bop:
                        v = binary(scope.ctx, bop, get_prop(o, k), v)
                    if type(o) is Entity:
                        o.set(k, v)
                    else:
                        set_prop(o, k, v)
                        if type(o) is dict:
                            scope.ctx.check_size(o)
                except ScriptError as e:
                    raise e.locate(line, col) from None
                return v

            return assign_prop
        index = self.expr(target.index)

        def assign_index(scope: Scope) -> Any:
            o, i = obj(scope), index(scope)
            v = value(scope)
            if bop:
                v = binary(scope.ctx, bop, get_index(o, i), v)
            set_index(scope.ctx, o, i, v)
            return v

        return _located(assign_index, n.line, n.col)

    def assign_value(self, n, target, bop, value):
        """`holder.field.value = v`: sets `value` inside an object field, or replaces a plain
        (scalar or missing) field, so the vendor's custom-field idiom works on plain values."""
        holder, field = self.expr(target.obj.obj), target.obj.name
        line, col = n.line, n.col

        def assign_value(scope: Scope) -> Any:
            h = holder(scope)
            v = value(scope)
            try:
                current = get_prop(h, field)
                inner = type(current) in (dict, Entity)
                if bop:
                    old = get_prop(current, "value") if inner else current
                    v = binary(scope.ctx, bop, old, v)
                if inner:
                    set_prop(current, "value", v)
                else:
                    set_prop(h, field, v)
            except ScriptError as e:
                raise e.locate(line, col) from None
            return v

        return assign_value

    def e_IncDec(self, n):
        delta = 1 if n.op == "++" else -1
        read = self.expr(n.target)
        prefix = n.prefix
        target = n.target
        obj = self.expr(target.obj) if not isinstance(target, A.Name) else None
        index = self.expr(target.index) if isinstance(target, A.Index) else None
        name = None
        if isinstance(target, A.Prop):
            name = target.name if isinstance(target.name, str) else self.expr(target.name)

        def incdec(scope: Scope) -> Any:
            if obj is None:
                old = read(scope)
            elif index is not None:
                o, i = obj(scope), index(scope)
                old = get_index(o, i)
            else:
                o = obj(scope)
                old = get_prop(o, name if type(name) is str else to_str(name(scope)))
            if old is None:
                raise ScriptError(f"Cannot apply '{n.op}' to null")
            new = binary(scope.ctx, "+", old, delta)
            if obj is None:
                s = scope
                while s is not None:
                    if target.name in s.vars:
                        s.vars[target.name] = new
                        break
                    s = s.parent
            elif index is not None:
                set_index(scope.ctx, o, i, new)
            else:
                set_prop(o, name if type(name) is str else to_str(name(scope)), new)
            return new if prefix else old

        return _located(incdec, n.line, n.col)
