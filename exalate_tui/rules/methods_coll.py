"""The list and map methods sync scripts use (Groovy's GDK names and semantics)."""

from __future__ import annotations

from decimal import Decimal
from functools import cmp_to_key
from typing import Any

from .errors import ScriptError
from .ops import binary, call_closure, contains, get_index
from .values import Closure, Ctx, GSet, MapEntry, compare, equals, to_str, truthy, type_name

_KEY_TYPES = frozenset((str, int, float, bool, type(None), Decimal))


def arg(args: list[Any], i: int, name: str, method: str) -> Any:
    if i >= len(args):
        raise ScriptError(f"{method}() needs the argument '{name}'")
    return args[i]


def closure_arg(args: list[Any], method: str, optional: bool = False) -> Closure | None:
    if not args:
        if optional:
            return None
        raise ScriptError(f"{method}() needs a closure, e.g. {method} {{ it }}")
    c = args[-1]
    if type(c) is not Closure:
        if optional:
            return None
        raise ScriptError(f"{method}() needs a closure, not {type_name(c)}")
    return c


def call(ctx: Ctx, clo: Closure, *a: Any) -> Any:
    return call_closure(ctx, clo, list(a))


def _each_entry(ctx: Ctx, clo: Closure, entry: MapEntry) -> Any:
    if clo.arity == 2:
        return call_closure(ctx, clo, [entry.key, entry.value])
    return call_closure(ctx, clo, [entry])


def _items(obj: Any) -> list[Any]:
    if type(obj) is dict:
        return [MapEntry(k, v) for k, v in obj.items()]
    return obj


def _apply(ctx: Ctx, obj: Any, clo: Closure, x: Any) -> Any:
    if type(obj) is dict:
        return _each_entry(ctx, clo, x)
    return call_closure(ctx, clo, [x])


# -- shared by lists and maps -------------------------------------------------------------------
def m_each(ctx, obj, args):
    clo = closure_arg(args, "each")
    for x in list(_items(obj)):
        _apply(ctx, obj, clo, x)
    return obj


def m_each_with_index(ctx, obj, args):
    clo = closure_arg(args, "eachWithIndex")
    for i, x in enumerate(list(_items(obj))):
        if type(obj) is dict and clo.arity == 3:
            call(ctx, clo, x.key, x.value, i)
        else:
            call(ctx, clo, x, i)
    return obj


def m_collect(ctx, obj, args):
    clo = closure_arg(args, "collect", optional=True)
    items = _items(obj)
    if clo is None:
        return list(items)
    return ctx.check_size([_apply(ctx, obj, clo, x) for x in items])


def m_collect_many(ctx, obj, args):
    clo = closure_arg(args, "collectMany")
    out: list[Any] = []
    for x in _items(obj):
        r = _apply(ctx, obj, clo, x)
        out.extend(r if isinstance(r, list) else [r])
        ctx.check_size(out)
    return out


def m_find(ctx, obj, args):
    if args and type(args[0]) is not Closure and type(obj) is not dict:
        return next((x for x in obj if equals(x, args[0])), None)
    clo = closure_arg(args, "find", optional=True)
    for x in _items(obj):
        if truthy(_apply(ctx, obj, clo, x) if clo else x):
            return x
    return None


def m_find_all(ctx, obj, args):
    clo = closure_arg(args, "findAll", optional=True)
    if type(obj) is dict:
        if clo is None:
            return {k: v for k, v in obj.items() if truthy(v)}
        return {e.key: e.value for e in _items(obj) if truthy(_each_entry(ctx, clo, e))}
    return type(obj)(x for x in obj if truthy(call(ctx, clo, x) if clo else x))


def m_find_result(ctx, obj, args):
    clo = closure_arg(args, "findResult")
    for x in _items(obj):
        r = _apply(ctx, obj, clo, x)
        if r is not None:
            return r
    return args[0] if len(args) > 1 else None


def m_any(ctx, obj, args):
    clo = closure_arg(args, "any", optional=True)
    return any(truthy(_apply(ctx, obj, clo, x) if clo else x) for x in _items(obj))


def m_every(ctx, obj, args):
    clo = closure_arg(args, "every", optional=True)
    return all(truthy(_apply(ctx, obj, clo, x) if clo else x) for x in _items(obj))


def m_count(ctx, obj, args):
    if args and type(args[0]) is Closure:
        return sum(1 for x in _items(obj) if truthy(_apply(ctx, obj, args[0], x)))
    value = arg(args, 0, "value", "count")
    return sum(1 for x in obj if equals(x, value))


def m_inject(ctx, obj, args):
    clo = closure_arg(args, "inject")
    items = list(_items(obj))
    if len(args) >= 2:
        acc = args[0]
    elif items:
        acc = items.pop(0)
    else:
        return None
    for x in items:
        acc = call(ctx, clo, acc, x)
    return acc


def m_collect_entries(ctx, obj, args):
    clo = closure_arg(args, "collectEntries", optional=True)
    out: dict[Any, Any] = {}
    for x in _items(obj):
        r = _apply(ctx, obj, clo, x) if clo else x
        if type(r) is dict:
            out.update(r)
        elif type(r) is MapEntry:
            out[map_key(r.key)] = r.value
        elif isinstance(r, list) and len(r) == 2:
            out[map_key(r[0])] = r[1]
        else:
            raise ScriptError("collectEntries needs [key, value] pairs or maps")
        ctx.check_size(out)
    return out


def map_key(key: Any) -> Any:
    """Map keys must be strings, numbers, booleans or null."""
    if isinstance(key, list | dict) or type(key) not in _KEY_TYPES:
        raise ScriptError(f"Map keys must be strings or numbers, not {type_name(key)}")
    return key


def m_group_by(ctx, obj, args):
    clo = closure_arg(args, "groupBy")
    out: dict[Any, Any] = {}
    is_map = type(obj) is dict
    for x in _items(obj):
        key = map_key(_apply(ctx, obj, clo, x))
        if is_map:
            out.setdefault(key, {})[x.key] = x.value
        else:
            out.setdefault(key, []).append(x)
    return out


def m_count_by(ctx, obj, args):
    clo = closure_arg(args, "countBy")
    out: dict[Any, int] = {}
    for x in _items(obj):
        key = map_key(_apply(ctx, obj, clo, x))
        out[key] = out.get(key, 0) + 1
    return out


def m_size(ctx, obj, args):
    return len(obj)


def m_is_empty(ctx, obj, args):
    return not obj


def m_plus(ctx, obj, args):
    return binary(ctx, "+", obj, arg(args, 0, "value", "plus"))


def m_minus(ctx, obj, args):
    return binary(ctx, "-", obj, arg(args, 0, "value", "minus"))


# -- lists --------------------------------------------------------------------------------------
def _sorted(ctx: Ctx, items: list[Any], clo: Closure | None) -> list[Any]:
    if clo is None:
        kinds = {type(x) for x in items}
        if kinds == {str} or (kinds and kinds <= {int, float, Decimal}):
            return sorted(items)  # same order as Groovy's, at C speed
        return sorted(items, key=cmp_to_key(compare))
    if clo.arity == 2:
        return sorted(items, key=cmp_to_key(lambda a, b: int(call(ctx, clo, a, b) or 0)))
    keys = [(call(ctx, clo, x), i) for i, x in enumerate(items)]
    keys.sort(key=cmp_to_key(lambda a, b: compare(a[0], b[0])))
    return [items[i] for _, i in keys]


def l_sort(ctx, obj, args):
    clo = closure_arg(args, "sort", optional=True)
    mutate = not args or args[0] is not False
    if type(obj) is dict:
        entries = (
            _sorted(ctx, _items(obj), clo)
            if clo
            else sorted(_items(obj), key=cmp_to_key(lambda a, b: compare(a.key, b.key)))
        )
        return {e.key: e.value for e in entries}
    result = _sorted(ctx, list(obj), clo)
    if mutate:
        obj[:] = result
        return obj
    return result


def l_unique(ctx, obj, args):
    clo = closure_arg(args, "unique", optional=True)
    seen: list[Any] = []
    out: list[Any] = []
    for x in obj:
        key = call(ctx, clo, x) if clo else x
        if not any(equals(key, s) for s in seen):
            seen.append(key)
            out.append(x)
    if not args or args[0] is not False:
        obj[:] = out
        return obj
    return out


def l_join(ctx, obj, args):
    sep = to_str(args[0]) if args else ""
    return ctx.check_string(sep.join(to_str(x) for x in _items(obj)))


def l_add(ctx, obj, args):
    if len(args) == 2:
        obj.insert(args[0], args[1])
        return None
    value = arg(args, 0, "value", "add")
    if type(obj) is GSet:
        return obj.add_unique(value)
    obj.append(value)
    ctx.check_size(obj)
    return True


def l_add_all(ctx, obj, args):
    values = arg(args, 0, "values", "addAll")
    for v in values if isinstance(values, list) else [values]:
        l_add(ctx, obj, [v])
    return True


def l_remove(ctx, obj, args):
    value = arg(args, 0, "value", "remove")
    if type(obj) is dict:
        return obj.pop(value, None)
    if type(value) is int and type(obj) is not GSet:
        if not -len(obj) <= value < len(obj):
            raise ScriptError(f"remove({value}): index out of range (size {len(obj)})")
        return obj.pop(value)
    for i, x in enumerate(obj):
        if equals(x, value):
            del obj[i]
            return True
    return False


def l_remove_all(ctx, obj, args):
    target = arg(args, 0, "values", "removeAll")
    before = len(obj)
    if type(target) is Closure:
        obj[:] = [x for x in obj if not truthy(call(ctx, target, x))]
    else:
        obj[:] = [x for x in obj if not contains(target, x)]
    return len(obj) != before


def l_retain_all(ctx, obj, args):
    target = arg(args, 0, "values", "retainAll")
    before = len(obj)
    if type(target) is Closure:
        obj[:] = [x for x in obj if truthy(call(ctx, target, x))]
    else:
        obj[:] = [x for x in obj if contains(target, x)]
    return len(obj) != before


def l_first(ctx, obj, args):
    if not obj:
        raise ScriptError("Cannot access first() element from an empty List")
    return obj[0]


def l_last(ctx, obj, args):
    if not obj:
        raise ScriptError("Cannot access last() element from an empty List")
    return obj[-1]


def l_flatten(ctx, obj, args):
    out: list[Any] = []

    def walk(xs: list[Any]) -> None:
        for x in xs:
            if isinstance(x, list):
                walk(x)
            else:
                out.append(x)

    walk(obj)
    return ctx.check_size(out)


def _numbers_reduce(ctx, obj, args, name):
    clo = closure_arg(args, name, optional=True)
    items = [call(ctx, clo, x) for x in obj] if clo else list(obj)
    if name == "sum":
        if not items:
            return args[0] if args and type(args[0]) is not Closure else None
        acc = items[0]
        for x in items[1:]:
            acc = binary(ctx, "+", acc, x)
        return acc
    if not items:
        return None
    best, best_item = items[0], obj[0]
    for x, item in zip(items, obj, strict=False):
        c = compare(x, best)
        if (c > 0 and name == "max") or (c < 0 and name == "min"):
            best, best_item = x, item
    return best_item if clo else best


def l_index_of(ctx, obj, args):
    value = arg(args, 0, "value", "indexOf")
    return next((i for i, x in enumerate(obj) if equals(x, value)), -1)


def l_find_index_of(ctx, obj, args):
    clo = closure_arg(args, "findIndexOf")
    return next((i for i, x in enumerate(obj) if truthy(call(ctx, clo, x))), -1)


def l_to_set(ctx, obj, args):
    s = GSet()
    for x in _items(obj):
        s.add_unique(x)
    return s


def l_intersect(ctx, obj, args):
    other = arg(args, 0, "values", "intersect")
    return [x for x in obj if contains(other, x)]


def l_set(ctx, obj, args):
    i, v = arg(args, 0, "index", "set"), arg(args, 1, "value", "set")
    old = get_index(obj, i)
    obj[i] = v
    return old


def l_take_while(ctx, obj, args):
    clo = closure_arg(args, "takeWhile")
    out = []
    for x in obj:
        if not truthy(call(ctx, clo, x)):
            break
        out.append(x)
    return out


def l_drop_while(ctx, obj, args):
    clo = closure_arg(args, "dropWhile")
    i = 0
    while i < len(obj) and truthy(call(ctx, clo, obj[i])):
        i += 1
    return obj[i:]


def l_split(ctx, obj, args):
    clo = closure_arg(args, "split")
    yes, no = [], []
    for x in obj:
        (yes if truthy(call(ctx, clo, x)) else no).append(x)
    return [yes, no]


def _int_arg(args, name):
    n = arg(args, 0, "n", name)
    if type(n) is not int:
        raise ScriptError(f"{name}() needs a whole number, not {type_name(n)}")
    return max(n, 0)


LIST_METHODS = {
    "each": m_each,
    "eachWithIndex": m_each_with_index,
    "collect": m_collect,
    "collectMany": m_collect_many,
    "find": m_find,
    "findAll": m_find_all,
    "findResult": m_find_result,
    "any": m_any,
    "every": m_every,
    "count": m_count,
    "inject": m_inject,
    "collectEntries": m_collect_entries,
    "groupBy": m_group_by,
    "countBy": m_count_by,
    "size": m_size,
    "isEmpty": m_is_empty,
    "plus": m_plus,
    "minus": m_minus,
    "sort": l_sort,
    "unique": l_unique,
    "join": l_join,
    "add": l_add,
    "leftShift": l_add,
    "push": l_add,
    "addAll": l_add_all,
    "remove": l_remove,
    "removeAll": l_remove_all,
    "retainAll": l_retain_all,
    "clear": lambda ctx, obj, args: obj.clear(),
    "contains": lambda ctx, obj, args: contains(obj, arg(args, 0, "value", "contains")),
    "containsAll": lambda ctx, obj, args: all(contains(obj, x) for x in args[0]),
    "indexOf": l_index_of,
    "findIndexOf": l_find_index_of,
    "get": lambda ctx, obj, args: get_index(obj, arg(args, 0, "index", "get")),
    "getAt": lambda ctx, obj, args: get_index(obj, arg(args, 0, "index", "getAt")),
    "set": l_set,
    "first": l_first,
    "head": l_first,
    "last": l_last,
    "tail": lambda ctx, obj, args: obj[1:],
    "init": lambda ctx, obj, args: obj[:-1],
    "take": lambda ctx, obj, args: obj[: _int_arg(args, "take")],
    "drop": lambda ctx, obj, args: obj[_int_arg(args, "drop") :],
    "takeWhile": l_take_while,
    "dropWhile": l_drop_while,
    "subList": lambda ctx, obj, args: obj[
        arg(args, 0, "from", "subList") : arg(args, 1, "to", "subList")
    ],
    "reverse": lambda ctx, obj, args: obj[::-1],
    "flatten": l_flatten,
    "sum": lambda ctx, obj, args: _numbers_reduce(ctx, obj, args, "sum"),
    "max": lambda ctx, obj, args: _numbers_reduce(ctx, obj, args, "max"),
    "min": lambda ctx, obj, args: _numbers_reduce(ctx, obj, args, "min"),
    "toList": lambda ctx, obj, args: list(obj),
    "asList": lambda ctx, obj, args: list(obj),
    "toSet": l_to_set,
    "asImmutable": lambda ctx, obj, args: obj,
    "intersect": l_intersect,
    "disjoint": lambda ctx, obj, args: not l_intersect(ctx, obj, args),
    "split": l_split,
    "isCase": lambda ctx, obj, args: contains(obj, arg(args, 0, "value", "isCase")),
}
