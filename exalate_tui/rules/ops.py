"""Operators, properties, indexes, conversions and closure calls, with Groovy's semantics."""

from __future__ import annotations

import re
import warnings
from decimal import Decimal
from typing import Any

from .errors import LimitError, ReturnSignal, SandboxError, ScriptError
from .values import (
    Closure,
    Ctx,
    Entity,
    GSet,
    MapEntry,
    Matcher,
    Scope,
    _check_int,
    as_decimal,
    compare,
    equals,
    groovy_div,
    is_number,
    to_decimal,
    to_float,
    to_int,
    to_str,
    truthy,
    type_name,
)

# Members that would reach the host: refused wherever they appear.
FORBIDDEN_MEMBERS = frozenset(
    str.split(
        "class metaClass getClass getMetaClass setMetaClass invokeMethod getProperties "
        "properties execute evaluate forName newInstance getDeclaredMethods getDeclaredFields "
        "getMethods getClassLoader classLoader wait notify notifyAll finalize clone invoke "
        "owner delegate thisObject getOwner getDelegate setDelegate rehydrate dehydrate"
    ),
)
FORBIDDEN_GLOBALS = frozenset(
    str.split(
        "System Runtime Class Thread ProcessBuilder Process File Files Path Paths URL URI "
        "Socket ServerSocket ClassLoader GroovyShell GroovyClassLoader Eval evaluate Binding "
        "Script HttpURLConnection HttpClient ObjectInputStream ObjectOutputStream Proxy Unsafe "
        "System.exit getBinding binding this super exec sleep"
    ),
)


def forbidden(name: str) -> SandboxError:
    return SandboxError(
        f"`{name}` is not available in sync rules (no file, process, network or reflection access)"
    )


def _num_op(op: str, a: Any, b: Any) -> Any:
    if type(a) is bool or type(b) is bool:
        raise ScriptError(f"Cannot apply '{op}' to Boolean")
    if type(a) is int and type(b) is int:
        if op == "+":
            return _check_int(a + b)
        if op == "-":
            return _check_int(a - b)
        if op == "*":
            return _check_int(a * b)
        if op == "%":
            if b == 0:
                raise ScriptError("Division by zero")
            r = abs(a) % abs(b)
            return -r if a < 0 else r
        if op == "**":
            if abs(b) > 4096 and abs(a) > 1:
                raise LimitError("A number grew beyond the limit of 4096 bits")
            if b < 0:
                return groovy_div(1, _check_int(a**-b)) if a else 0
            if b > 4096 and abs(a) > 1:
                raise LimitError("A number grew beyond the limit of 4096 bits")
            return _check_int(a**b)
    if op == "/":
        return groovy_div(a, b)
    if type(a) is float or type(b) is float:
        a, b = float(a), float(b)
    else:
        a, b = as_decimal(a), as_decimal(b)
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "%":
            if b == 0:
                raise ScriptError("Division by zero")
            return a % b
        if op == "**":
            return a**b
    except (OverflowError, ArithmeticError) as e:
        raise ScriptError(f"Arithmetic error in '{op}': {type(e).__name__}") from None
    raise ScriptError(f"Unknown operator '{op}'")


def binary(ctx: Ctx, op: str, a: Any, b: Any) -> Any:
    ta = type(a)
    if ta is int and type(b) is int and op in ("+", "-", "*"):
        r = a + b if op == "+" else a - b if op == "-" else a * b
        return _check_int(r) if r > 2**62 or r < -(2**62) else r
    if is_number(a) and is_number(b):
        return _num_op(op, a, b)
    if op == "+":
        if ta is str:
            return ctx.check_string(a + to_str(b))
        if isinstance(a, list):
            r = type(a)(a)
            if isinstance(b, list):
                for x in b:
                    r.add_unique(x) if ta is GSet else r.append(x)
            else:
                r.add_unique(b) if ta is GSet else r.append(b)
            return ctx.check_size(r)
        if ta is dict and type(b) is dict:
            return ctx.check_size({**a, **b})
        if type(b) is str and (a is None or is_number(a) or ta is bool):
            return ctx.check_string(to_str(a) + b)
    elif op == "-":
        if ta is str:
            return a.replace(to_str(b), "", 1)
        if isinstance(a, list):
            drop = b if isinstance(b, list) else [b]
            return type(a)(x for x in a if not any(equals(x, y) for y in drop))
        if ta is dict:
            if type(b) is dict:
                return {k: v for k, v in a.items() if not (k in b and equals(b[k], v))}
            keys = b if isinstance(b, list) else [b]
            return {k: v for k, v in a.items() if k not in keys}
    elif op == "*":
        if (ta is str or isinstance(a, list)) and type(b) is int:
            if len(a) * max(b, 0) > (
                ctx.limits.max_string if ta is str else ctx.limits.max_collection
            ):
                raise LimitError(
                    f"'*' would build a {'string' if ta is str else 'list'} beyond the size limit"
                )
            return a * b if ta is str else list(a) * b
    elif op == "<<":
        if isinstance(a, list):
            a.add_unique(b) if ta is GSet else a.append(b)
            return ctx.check_size(a)
        if ta is str:
            return ctx.check_string(a + to_str(b))
    elif op == "=~":
        return regex_find(a, b)
    elif op == "==~":
        return regex_match(a, b)
    elif op in ("/", "%", "**"):
        pass
    if a is None or b is None:
        raise ScriptError(f"Cannot apply '{op}' to null")
    raise ScriptError(f"Cannot apply '{op}' to {type_name(a)} and {type_name(b)}")


def compare_op(op: str, a: Any, b: Any) -> Any:
    if op == "==":
        return equals(a, b)
    if op == "!=":
        return not equals(a, b)
    c = compare(a, b)
    if op == "<":
        return c < 0
    if op == "<=":
        return c <= 0
    if op == ">":
        return c > 0
    if op == ">=":
        return c >= 0
    return c  # <=>


# -- regular expressions ------------------------------------------------------------------------
_regex_cache: dict[str, re.Pattern[str]] = {}
# A group containing a repetition, itself repeated: `(a+)+`, `(\w*x)*`, `(a|b+){2,}`.
_NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*(?<!\\)[*+}](?:[^()\\]|\\.)*\)(?:[*+]|\{\d*,)")


def pattern(p: Any) -> re.Pattern[str]:
    if type(p) is re.Pattern:
        return p
    src = to_str(p)
    compiled = _regex_cache.get(src)
    if compiled is None:
        if len(src) > 1000:
            raise LimitError("A regular expression is longer than 1,000 characters")
        if _NESTED_REPEAT.search(src):
            raise LimitError(
                f"The regular expression /{src}/ repeats a repeated group (like `(a+)+`), "
                "which can run for ever; simplify it"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compiled = re.compile(src)
        except re.error as e:
            raise ScriptError(f"Invalid regular expression /{src}/: {e}") from None
        if len(_regex_cache) > 500:
            _regex_cache.clear()
        _regex_cache[src] = compiled
    return compiled


def regex_find(a: Any, b: Any) -> Matcher:
    if a is None:
        return Matcher([], False)
    regex, text = pattern(b), to_str(a)
    return Matcher(list(regex.finditer(text)), regex.fullmatch(text) is not None)


def regex_match(a: Any, b: Any) -> bool:
    return a is not None and pattern(b).fullmatch(to_str(a)) is not None


# -- membership, conversion, types --------------------------------------------------------------
def contains(container: Any, item: Any) -> bool:
    t = type(container)
    if container is None:
        return False
    if t is str:
        return to_str(item) in container
    if isinstance(container, list):
        return any(equals(x, item) for x in container)
    if t is dict:
        return item in container if _hashable(item) else False
    raise ScriptError(f"Cannot use 'in' with {type_name(container)}")


def _hashable(v: Any) -> bool:
    return v is None or type(v) in (str, int, float, Decimal, bool)


def is_case(case: Any, value: Any, ctx: Ctx) -> bool:
    """`switch` matching: lists and ranges by membership, closures by truth, else by equality."""
    if isinstance(case, list):
        return contains(case, value)
    if type(case) is Closure:
        return truthy(call_closure(ctx, case, [value]))
    if type(case) is re.Pattern:
        return value is not None and case.fullmatch(to_str(value)) is not None
    return equals(case, value)


STRING_TYPES = frozenset(("String", "GString", "CharSequence"))
INT_TYPES = frozenset(("Integer", "int", "Long", "long", "Short", "short", "BigInteger", "byte"))
FLOAT_TYPES = frozenset(("Double", "double", "Float", "float"))
LIST_TYPES = frozenset(("List", "ArrayList", "Collection", "LinkedList", "Iterable", "String[]"))
SET_TYPES = frozenset(("Set", "HashSet", "LinkedHashSet", "TreeSet"))
MAP_TYPES = frozenset(("Map", "HashMap", "LinkedHashMap", "TreeMap"))


def as_type(ctx: Ctx, v: Any, t: str) -> Any:
    if v is None and t not in ("Boolean", "boolean"):
        return None
    if t in STRING_TYPES:
        return to_str(v)
    if t in INT_TYPES:
        return to_int(v)
    if t in FLOAT_TYPES:
        return to_float(v)
    if t in ("BigDecimal", "Number"):
        return to_decimal(v)
    if t in ("Boolean", "boolean"):
        return truthy(v)
    if t in LIST_TYPES or t in SET_TYPES:
        items = iter_values(v)
        if t in SET_TYPES:
            s = GSet()
            for x in items:
                s.add_unique(x)
            return s
        return [to_str(x) for x in items] if t == "String[]" else list(items)
    if t in MAP_TYPES:
        if type(v) is dict:
            return dict(v)
        raise ScriptError(f"Cannot convert {type_name(v)} to Map")
    if t in ("Object", "def"):
        return v
    raise ScriptError(f"Conversion to `{t}` is not supported in sync rules")


def instance_of(v: Any, t: str) -> bool:
    if v is None:
        return False
    tv = type(v)
    if t in STRING_TYPES:
        return tv is str
    if t in INT_TYPES:
        return tv is int
    if t in FLOAT_TYPES:
        return tv is float
    if t == "BigDecimal":
        return tv is Decimal
    if t == "Number":
        return is_number(v) and tv is not bool
    if t in ("Boolean", "boolean"):
        return tv is bool
    if t in SET_TYPES:
        return tv is GSet
    if t in LIST_TYPES:
        return isinstance(v, list)
    if t in MAP_TYPES:
        return tv is dict
    if t == "Closure":
        return tv is Closure
    if t == "Object":
        return True
    return type_name(v) == t


def iter_values(v: Any) -> list[Any]:
    if isinstance(v, list):
        return v
    t = type(v)
    if t is dict:
        return [MapEntry(k, x) for k, x in v.items()]
    if t is str:
        return list(v)
    if v is None:
        return []
    if t is Matcher:
        return v.values()
    raise ScriptError(f"Cannot iterate over {type_name(v)}")


def make_range(ctx: Ctx, lo: Any, hi: Any, exclusive: bool) -> list[Any]:
    if type(lo) is str and type(hi) is str and len(lo) == 1 and len(hi) == 1:
        return [chr(c) for c in make_range(ctx, ord(lo), ord(hi), exclusive)]
    if type(lo) is not int or type(hi) is not int:
        raise ScriptError(f"Ranges need whole numbers, not {type_name(lo)}..{type_name(hi)}")
    step = 1 if hi >= lo else -1
    end = hi if exclusive else hi + step
    if abs(end - lo) > ctx.limits.max_collection:
        raise LimitError(
            f"The range {lo}..{hi} is larger than the limit of {ctx.limits.max_collection:,} "
            "elements"
        )
    return list(range(lo, end, step))


# -- properties and indexes ---------------------------------------------------------------------
def get_prop(obj: Any, name: Any, safe: bool = False) -> Any:
    if type(name) is not str:
        name = to_str(name)
    if name in FORBIDDEN_MEMBERS or name.startswith("_"):
        raise forbidden(name)
    t = type(obj)
    if t is Entity:
        return obj.get(name)
    if t is dict:
        return obj.get(name)
    if obj is None:
        if safe:
            return None
        raise ScriptError(f"Cannot read property '{name}' of null (use '?.' to allow null)")
    if t is MapEntry:
        if name == "key":
            return obj.key
        if name == "value":
            return obj.value
    elif isinstance(obj, list):
        if name == "empty":
            return not obj
        return [get_prop(x, name, True) for x in obj]
    elif name == "empty" and t is str:
        return not obj
    elif (name == "value" and (t is str or t is bool or is_number(obj))) or (
        name == "label" and t is str
    ):
        # The vendor's idioms `customFields."X".value` and `labels.collect { it.label }` on
        # plain values: a scalar's `.value` (and a label's `.label`) is the value itself.
        return obj
    elif hasattr(obj, "get_property"):
        return obj.get_property(name)
    raise ScriptError(f"No property '{name}' on {type_name(obj)}")


def set_prop(obj: Any, name: Any, value: Any) -> None:
    if type(name) is not str:
        name = to_str(name)
    if name in FORBIDDEN_MEMBERS or name.startswith("_"):
        raise forbidden(name)
    t = type(obj)
    if t is Entity:
        obj.set(name, value)
    elif t is dict:
        obj[name] = value
    elif obj is None:
        raise ScriptError(f"Cannot set property '{name}' of null")
    elif t is MapEntry and name == "value":
        obj.value = value
    else:
        raise ScriptError(f"Cannot set property '{name}' on {type_name(obj)}")


def get_index(obj: Any, index: Any) -> Any:
    t = type(obj)
    if t is dict:
        return obj.get(index) if _hashable(index) else None
    if isinstance(obj, list) or t is str:
        if type(index) is int:
            n = len(obj)
            if -n <= index < n:
                return obj[index]
            if t is str:
                raise ScriptError(f"String index {index} is out of range (length {n})")
            return None
        if isinstance(index, list) and all(type(i) is int for i in index):
            if t is str:
                return "".join(get_index(obj, i) for i in index)
            return [get_index(obj, i) for i in index]
        raise ScriptError(f"Cannot index {type_name(obj)} with {type_name(index)}")
    if t is Entity:
        return obj.get(to_str(index))
    if t is Matcher:
        return get_index(obj.values(), index)
    if obj is None:
        raise ScriptError("Cannot index null (use '?.' or check for null first)")
    raise ScriptError(f"Cannot index {type_name(obj)}")


def set_index(ctx: Ctx, obj: Any, index: Any, value: Any) -> None:
    t = type(obj)
    if t is dict:
        if not _hashable(index):
            raise ScriptError(f"Map keys must be strings or numbers, not {type_name(index)}")
        obj[index] = value
        ctx.check_size(obj)
    elif isinstance(obj, list):
        if type(index) is not int:
            raise ScriptError(f"List indexes must be whole numbers, not {type_name(index)}")
        n = len(obj)
        if index < -n:
            raise ScriptError(f"List index {index} is out of range")
        if index >= n:
            if index >= ctx.limits.max_collection:
                raise LimitError("A list grew beyond the size limit")
            obj.extend([None] * (index - n + 1))
        obj[index] = value
    elif t is Entity:
        obj.set(to_str(index), value)
    elif obj is None:
        raise ScriptError("Cannot index null")
    else:
        raise ScriptError(f"Cannot assign by index into {type_name(obj)}")


# -- calls --------------------------------------------------------------------------------------
def call_closure(ctx: Ctx, clo: Closure, args: list[Any]) -> Any:
    if type(clo) is not Closure:
        if callable(getattr(clo, "call_value", None)):
            return clo.call_value(ctx, args)
        raise ScriptError(f"{type_name(clo)} is not a closure and cannot be called")
    ctx.steps += 1
    if ctx.steps > ctx.checkpoint:
        ctx.reached_checkpoint()
    ctx.depth += 1
    if ctx.depth > ctx.limits.max_depth:
        raise LimitError(
            f"The script exceeded the recursion limit of {ctx.limits.max_depth} nested calls"
        )
    params = clo.params
    if params is None:
        vars_ = {"it": args[0] if args else None}
    elif len(params) == 1:
        vars_ = {params[0]: args[0] if args else None}
    else:
        if len(args) == 1:
            # Groovy spreads one entry or list over several parameters: `{ k, v -> }`.
            if type(args[0]) is MapEntry and len(params) == 2:
                args = [args[0].key, args[0].value]
            elif isinstance(args[0], list):
                args = args[0]
        vars_ = {p: (args[i] if i < len(args) else None) for i, p in enumerate(params)}
    try:
        return clo.body(Scope(vars_, clo.scope, ctx))
    except ReturnSignal as r:
        return r.value
    finally:
        ctx.depth -= 1
