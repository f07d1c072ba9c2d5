"""Syntax tree of sync rules. Every node knows its 1-based line and column."""

from __future__ import annotations

from typing import Any


class Node:
    __slots__ = ("line", "col")
    fields: tuple[str, ...] = ()

    def __init__(self, line: int, col: int, *values: Any) -> None:
        self.line = line
        self.col = col
        for name, value in zip(self.fields, values, strict=True):
            setattr(self, name, value)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.fields)
        return f"{type(self).__name__}({inner})"


def _node(name: str, *fields: str) -> type[Node]:
    return type(name, (Node,), {"__slots__": fields, "fields": fields})


# Expressions
Lit = _node("Lit", "value")
GStr = _node("GStr", "parts")  # str | Node
Name = _node("Name", "name")
ListLit = _node("ListLit", "items")
MapLit = _node("MapLit", "entries")  # [(key: str | Node, value: Node)]
RangeLit = _node("RangeLit", "lo", "hi", "exclusive")
Prop = _node("Prop", "obj", "name", "mode")  # name: str | Node; mode: "." "?." "*."
Index = _node("Index", "obj", "index")
MethodCall = _node("MethodCall", "obj", "name", "args", "mode")
FuncCall = _node("FuncCall", "name", "args")
CallValue = _node("CallValue", "callee", "args")
ClosureLit = _node("ClosureLit", "params", "body")  # params: list[str] | None (None = `it`)
Unary = _node("Unary", "op", "expr")
Binary = _node("Binary", "op", "left", "right")
And = _node("And", "left", "right")
Or = _node("Or", "left", "right")
Not = _node("Not", "expr")
Ternary = _node("Ternary", "cond", "then", "other")
Elvis = _node("Elvis", "left", "right")
Assign = _node("Assign", "target", "op", "value")
IncDec = _node("IncDec", "target", "op", "prefix")
AsType = _node("AsType", "expr", "type")
InstanceOf = _node("InstanceOf", "expr", "type", "negate")
New = _node("New", "type", "args")
InTest = _node("InTest", "left", "right", "negate")

# Statements
ExprStmt = _node("ExprStmt", "expr")
Decl = _node("Decl", "name", "type", "value")
If = _node("If", "cond", "then", "other")
ForIn = _node("ForIn", "var", "iterable", "body")
ForC = _node("ForC", "init", "cond", "step", "body")
While = _node("While", "cond", "body")
Switch = _node("Switch", "subject", "cases")  # [(values: list[Node] | None, body: list[Node])]
Break = _node("Break")
Continue = _node("Continue")
Return = _node("Return", "value")
Block = _node("Block", "stmts")
FuncDef = _node("FuncDef", "name", "params", "body")
Try = _node("Try", "body", "catches", "final")  # catches: [(var, Block)]
Throw = _node("Throw", "value")
Assert = _node("Assert", "cond", "message")
Script = _node("Script", "stmts", "functions")
