"""String and number methods, and method dispatch for every runtime value."""

from __future__ import annotations

import difflib
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import LimitError, ScriptError
from .methods_coll import LIST_METHODS, arg, call, closure_arg
from .methods_map import ENTRY_METHODS, MAP_METHODS
from .ops import (
    FORBIDDEN_MEMBERS,
    binary,
    call_closure,
    compare,
    forbidden,
    get_index,
    make_range,
    pattern,
)
from .values import (
    Closure,
    Ctx,
    Entity,
    GSet,
    MapEntry,
    Matcher,
    equals,
    is_number,
    to_decimal,
    to_float,
    to_int,
    to_str,
    truthy,
    type_name,
)


def _s(args: list[Any], i: int, name: str, method: str) -> str:
    return to_str(arg(args, i, name, method))


def java_replacement(repl: str):
    """Java's replacement syntax (`$1`, `\\$`) as a function for re.sub."""
    parts: list[Any] = []
    i, n = 0, len(repl)
    buf: list[str] = []
    while i < n:
        c = repl[i]
        if c == "\\" and i + 1 < n:
            buf.append(repl[i + 1])
            i += 2
        elif c == "$" and i + 1 < n and repl[i + 1].isdigit():
            j = i + 1
            while j < n and repl[j].isdigit():
                j += 1
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(int(repl[i + 1 : j]))
            i = j
        else:
            buf.append(c)
            i += 1
    if buf:
        parts.append("".join(buf))
    if all(type(p) is str for p in parts):
        text = "".join(parts)
        return lambda m: text
    return lambda m: "".join(p if type(p) is str else (m.group(p) or "") for p in parts)


def _match_value(m: re.Match[str]) -> Any:
    return [m.group(0), *m.groups()] if m.re.groups else m.group(0)


def s_replace_all(ctx, s, args):
    regex = pattern(arg(args, 0, "regex", "replaceAll"))
    repl = arg(args, 1, "replacement", "replaceAll")
    if type(repl) is Closure:
        return ctx.check_string(regex.sub(lambda m: to_str(call(ctx, repl, _match_value(m))), s))
    return ctx.check_string(regex.sub(java_replacement(to_str(repl)), s))


def s_replace_first(ctx, s, args):
    regex = pattern(arg(args, 0, "regex", "replaceFirst"))
    repl = to_str(arg(args, 1, "replacement", "replaceFirst"))
    return regex.sub(java_replacement(repl), s, count=1)


def s_split(ctx, s, args):
    if not args:
        return s.split()
    parts = pattern(args[0]).split(s) if args[0] != "" else list(s)
    while parts and parts[-1] == "":
        parts.pop()
    return ctx.check_size(parts or [""] if s == "" else parts)


def s_tokenize(ctx, s, args):
    delims = to_str(args[0]) if args else " \t\n\r\f"
    return [t for t in re.split("[" + re.escape(delims) + "]", s) if t]


def s_substring(ctx, s, args):
    start = to_int(arg(args, 0, "start", "substring"))
    end = to_int(args[1]) if len(args) > 1 else len(s)
    if not 0 <= start <= end <= len(s):
        raise ScriptError(f"substring({start}, {end}) is out of range for a string of {len(s)}")
    return s[start:end]


def s_find(ctx, s, args):
    m = pattern(arg(args, 0, "regex", "find")).search(s)
    if m is None:
        return None
    if len(args) > 1 and type(args[1]) is Closure:
        return call_closure(ctx, args[1], [_match_value(m)])
    return m.group(0)


def s_find_all(ctx, s, args):
    regex = pattern(arg(args, 0, "regex", "findAll"))
    clo = args[1] if len(args) > 1 and type(args[1]) is Closure else None
    out = []
    for m in regex.finditer(s):
        out.append(call(ctx, clo, _match_value(m)) if clo else m.group(0))
    return ctx.check_size(out)


def s_pad(ctx, s, args, side):
    width = to_int(arg(args, 0, "width", "pad"))
    fill = to_str(args[1]) if len(args) > 1 else " "
    if width > ctx.limits.max_string:
        raise LimitError(f"Padding to {width:,} characters is beyond the string size limit")
    missing = max(width - len(s), 0)
    pad = (fill * (missing // max(len(fill), 1) + 1))[:missing] if fill else ""
    if side == "left":
        return pad + s
    if side == "right":
        return s + pad
    left = missing // 2
    return pad[:left] + s + pad[: missing - left]


def s_is_number(ctx, s, args):
    try:
        Decimal(s.strip())
        return bool(s.strip())
    except Exception:
        return False


def s_is_integer(ctx, s, args):
    return re.fullmatch(r"\s*[-+]?\d+\s*", s) is not None


def s_each(ctx, s, args):
    clo = closure_arg(args, "each")
    for ch in s:
        call(ctx, clo, ch)
    return s


def s_capitalize(ctx, s, args):
    return s[:1].upper() + s[1:]


def s_to_boolean(ctx, s, args):
    return s.strip().lower() in ("true", "y", "1")


STRING_METHODS = {
    "size": lambda ctx, s, args: len(s),
    "length": lambda ctx, s, args: len(s),
    "isEmpty": lambda ctx, s, args: not s,
    "isBlank": lambda ctx, s, args: not s.strip(),
    "trim": lambda ctx, s, args: s.strip(),
    "strip": lambda ctx, s, args: s.strip(),
    "toLowerCase": lambda ctx, s, args: s.lower(),
    "toUpperCase": lambda ctx, s, args: s.upper(),
    "capitalize": s_capitalize,
    "uncapitalize": lambda ctx, s, args: s[:1].lower() + s[1:],
    "startsWith": lambda ctx, s, args: s.startswith(_s(args, 0, "prefix", "startsWith")),
    "endsWith": lambda ctx, s, args: s.endswith(_s(args, 0, "suffix", "endsWith")),
    "contains": lambda ctx, s, args: _s(args, 0, "text", "contains") in s,
    "containsIgnoreCase": lambda ctx, s, args: _s(args, 0, "text", "contains").lower() in s.lower(),
    "equalsIgnoreCase": lambda ctx, s, args: (
        args[0] is not None and s.lower() == to_str(args[0]).lower()
    ),
    "replace": lambda ctx, s, args: ctx.check_string(
        s.replace(_s(args, 0, "target", "replace"), _s(args, 1, "replacement", "replace"))
    ),
    "replaceAll": s_replace_all,
    "replaceFirst": s_replace_first,
    "split": s_split,
    "tokenize": s_tokenize,
    "substring": s_substring,
    "indexOf": lambda ctx, s, args: s.find(_s(args, 0, "text", "indexOf")),
    "lastIndexOf": lambda ctx, s, args: s.rfind(_s(args, 0, "text", "lastIndexOf")),
    "charAt": lambda ctx, s, args: get_index(s, to_int(arg(args, 0, "index", "charAt"))),
    "take": lambda ctx, s, args: s[: max(to_int(arg(args, 0, "n", "take")), 0)],
    "drop": lambda ctx, s, args: s[max(to_int(arg(args, 0, "n", "drop")), 0) :],
    "reverse": lambda ctx, s, args: s[::-1],
    "matches": lambda ctx, s, args: (
        pattern(arg(args, 0, "regex", "matches")).fullmatch(s) is not None
    ),
    "find": s_find,
    "findAll": s_find_all,
    "count": lambda ctx, s, args: s.count(_s(args, 0, "text", "count")),
    "padLeft": lambda ctx, s, args: s_pad(ctx, s, args, "left"),
    "padRight": lambda ctx, s, args: s_pad(ctx, s, args, "right"),
    "center": lambda ctx, s, args: s_pad(ctx, s, args, "center"),
    "readLines": lambda ctx, s, args: s.splitlines(),
    "lines": lambda ctx, s, args: s.splitlines(),
    "toList": lambda ctx, s, args: list(s),
    "toSet": lambda ctx, s, args: GSet(dict.fromkeys(s)),
    "toCharArray": lambda ctx, s, args: list(s),
    "chars": lambda ctx, s, args: list(s),
    "each": s_each,
    "toInteger": lambda ctx, s, args: to_int(s),
    "toLong": lambda ctx, s, args: to_int(s),
    "toDouble": lambda ctx, s, args: to_float(s),
    "toFloat": lambda ctx, s, args: to_float(s),
    "toBigDecimal": lambda ctx, s, args: to_decimal(s),
    "toBoolean": s_to_boolean,
    "isNumber": s_is_number,
    "isBigDecimal": s_is_number,
    "isInteger": s_is_integer,
    "isLong": s_is_integer,
    "concat": lambda ctx, s, args: ctx.check_string(s + _s(args, 0, "text", "concat")),
    "plus": lambda ctx, s, args: binary(ctx, "+", s, arg(args, 0, "value", "plus")),
    "minus": lambda ctx, s, args: binary(ctx, "-", s, arg(args, 0, "value", "minus")),
    "multiply": lambda ctx, s, args: binary(ctx, "*", s, arg(args, 0, "n", "multiply")),
    "getAt": lambda ctx, s, args: get_index(s, arg(args, 0, "index", "getAt")),
    "compareTo": lambda ctx, s, args: compare(s, arg(args, 0, "other", "compareTo")),
    "compareToIgnoreCase": lambda ctx, s, args: compare(s.lower(), _s(args, 0, "o", "c").lower()),
    "stripIndent": lambda ctx, s, args: __import__("textwrap").dedent(s),
    "normalize": lambda ctx, s, args: s.replace("\r\n", "\n"),
    "isCase": lambda ctx, s, args: equals(s, args[0] if args else None),
}


def _round(ctx, n, args):
    places = to_int(args[0]) if args else 0
    if places == 0:
        return int(Decimal(str(n)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    q = Decimal(1).scaleb(-places)
    result = to_decimal(n).quantize(q, rounding=ROUND_HALF_UP)
    return float(result) if type(n) is float else result


def _times(ctx, n, args):
    clo = closure_arg(args, "times")
    for i in range(to_int(n)):
        call(ctx, clo, i)
    return None


def _upto(ctx, n, args, down=False):
    clo = closure_arg(args, "downto" if down else "upto")
    end = to_int(arg(args, 0, "end", "upto"))
    for i in make_range(ctx, to_int(n), end, False):
        call(ctx, clo, i)
    return None


def _intdiv(ctx, n, args):
    a, b = to_int(n), to_int(arg(args, 0, "divisor", "intdiv"))
    if b == 0:
        raise ScriptError("Division by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


NUMBER_METHODS = {
    "toInteger": lambda ctx, n, args: to_int(n),
    "intValue": lambda ctx, n, args: to_int(n),
    "toLong": lambda ctx, n, args: to_int(n),
    "longValue": lambda ctx, n, args: to_int(n),
    "toDouble": lambda ctx, n, args: float(n),
    "doubleValue": lambda ctx, n, args: float(n),
    "toBigDecimal": lambda ctx, n, args: to_decimal(n),
    "abs": lambda ctx, n, args: abs(n),
    "round": _round,
    "times": _times,
    "upto": _upto,
    "downto": lambda ctx, n, args: _upto(ctx, n, args, True),
    "plus": lambda ctx, n, args: binary(ctx, "+", n, arg(args, 0, "value", "plus")),
    "minus": lambda ctx, n, args: binary(ctx, "-", n, arg(args, 0, "value", "minus")),
    "multiply": lambda ctx, n, args: binary(ctx, "*", n, arg(args, 0, "value", "multiply")),
    "div": lambda ctx, n, args: binary(ctx, "/", n, arg(args, 0, "value", "div")),
    "intdiv": _intdiv,
    "mod": lambda ctx, n, args: binary(ctx, "%", n, arg(args, 0, "value", "mod")),
    "power": lambda ctx, n, args: binary(ctx, "**", n, arg(args, 0, "value", "power")),
    "compareTo": lambda ctx, n, args: compare(n, arg(args, 0, "other", "compareTo")),
}

COMMON_METHODS = {
    "toString": lambda ctx, v, args: to_str(v),
    "equals": lambda ctx, v, args: equals(v, arg(args, 0, "other", "equals")),
    "asBoolean": lambda ctx, v, args: truthy(v),
    "is": lambda ctx, v, args: v is arg(args, 0, "other", "is"),
    "with": lambda ctx, v, args: call(ctx, closure_arg(args, "with"), v),
}


def _entity_method(ctx: Ctx, obj: Entity, name: str, args: list[Any]) -> Any:
    if name.startswith("get") and len(name) > 3 and not args:
        return obj.get(name[3].lower() + name[4:])
    if name.startswith("set") and len(name) > 3 and len(args) == 1:
        obj.set(name[3].lower() + name[4:], args[0])
        return None
    if name == "get" and len(args) == 1:
        return obj.get(to_str(args[0]))
    return _no_method(obj, name, ())


def _no_method(obj: Any, name: str, known: Any) -> ScriptError:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f". Did you mean '{close[0]}'?" if close else ""
    return ScriptError(f"No method '{name}' on {type_name(obj)}{hint}")


_TABLES = {
    str: STRING_METHODS,
    list: LIST_METHODS,
    GSet: LIST_METHODS,
    dict: MAP_METHODS,
    int: NUMBER_METHODS,
    float: NUMBER_METHODS,
    Decimal: NUMBER_METHODS,
    MapEntry: ENTRY_METHODS,
}


# Methods that do not walk the whole value (the others are charged for its size).
_CHEAP = frozenset(
    str.split(
        "get getAt put add push leftShift set size length isEmpty containsKey getOrDefault "
        "first last head charAt startsWith endsWith getKey getValue with is toString putAll "
        "addAll"
    )
)


def call_method(ctx: Ctx, obj: Any, name: str, args: list[Any]) -> Any:
    t = type(obj)
    table = _TABLES.get(t)
    if table is not None:
        fn = table.get(name)
        if fn is not None:
            if name not in _CHEAP and t is not int and t is not float and t is not Decimal:
                size = len(obj)
                if size > 64:
                    # Built-in work on big values counts against the step budget too.
                    ctx.charge(size >> 4)
            return fn(ctx, obj, args)
    if name in FORBIDDEN_MEMBERS or name.startswith("_"):
        raise forbidden(name)
    fn = COMMON_METHODS.get(name)
    if fn is not None:
        return fn(ctx, obj, args)
    if obj is None:
        raise ScriptError(f"Cannot call '{name}()' on null (use '?.' to allow null)")
    if t is Entity:
        return _entity_method(ctx, obj, name, args)
    if t is Closure:
        if name == "call":
            return call_closure(ctx, obj, args)
        raise _no_method(obj, name, ("call",))
    if t is dict and type(obj.get(name)) is Closure:
        return call_closure(ctx, obj[name], args)
    if t is Matcher and name not in obj.methods and name in LIST_METHODS:
        return LIST_METHODS[name](ctx, obj.values(), args)
    methods = getattr(obj, "methods", None)
    if methods is not None:
        fn = methods.get(name)
        if fn is not None:
            return fn(ctx, args)
        raise _no_method(obj, name, methods)
    if t is bool and name in ("and", "or", "xor"):
        other = truthy(arg(args, 0, "other", name))
        return {"and": obj and other, "or": obj or other, "xor": obj != other}[name]
    if is_number(obj) and t is not bool:
        raise _no_method(obj, name, NUMBER_METHODS)
    raise _no_method(obj, name, list(table or ()) + list(COMMON_METHODS))
