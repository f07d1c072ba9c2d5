"""The map methods sync scripts use (Groovy's GDK names and semantics)."""

from __future__ import annotations

from .errors import ScriptError
from .methods_coll import LIST_METHODS, arg
from .ops import contains
from .values import GSet, MapEntry, equals, type_name


# -- maps ---------------------------------------------------------------------------------------
def d_get(ctx, obj, args):
    key = arg(args, 0, "key", "get")
    if len(args) > 1 and key not in obj:
        obj[key] = args[1]
    return obj.get(key) if not isinstance(key, list | dict) else None


def d_put(ctx, obj, args):
    key, value = arg(args, 0, "key", "put"), arg(args, 1, "value", "put")
    if isinstance(key, list | dict):
        raise ScriptError(f"Map keys must be strings or numbers, not {type_name(key)}")
    old = obj.get(key)
    obj[key] = value
    ctx.check_size(obj)
    return old


def d_put_all(ctx, obj, args):
    other = arg(args, 0, "map", "putAll")
    if type(other) is not dict:
        raise ScriptError(f"putAll() needs a Map, not {type_name(other)}")
    obj.update(other)
    ctx.check_size(obj)


def d_sub_map(ctx, obj, args):
    keys = arg(args, 0, "keys", "subMap")
    return {k: obj[k] for k in keys if k in obj}


MAP_METHODS = {
    **{
        k: LIST_METHODS[k]
        for k in [
            "each",
            "eachWithIndex",
            "collect",
            "collectMany",
            "find",
            "findAll",
            "findResult",
            "any",
            "every",
            "count",
            "inject",
            "collectEntries",
            "groupBy",
            "countBy",
            "size",
            "isEmpty",
            "plus",
            "minus",
            "sort",
            "remove",
        ]
    },
    "get": d_get,
    "getAt": d_get,
    "getOrDefault": lambda ctx, obj, args: obj.get(args[0], args[1]) if len(args) > 1 else None,
    "put": d_put,
    "putAll": d_put_all,
    "containsKey": lambda ctx, obj, args: contains(obj, arg(args, 0, "key", "containsKey")),
    "containsValue": lambda ctx, obj, args: any(equals(v, args[0]) for v in obj.values()),
    "keySet": lambda ctx, obj, args: GSet(obj.keys()),
    "values": lambda ctx, obj, args: list(obj.values()),
    "entrySet": lambda ctx, obj, args: [MapEntry(k, v) for k, v in obj.items()],
    "clear": lambda ctx, obj, args: obj.clear(),
    "subMap": d_sub_map,
    "asImmutable": lambda ctx, obj, args: obj,
}

ENTRY_METHODS = {
    "getKey": lambda ctx, obj, args: obj.key,
    "getValue": lambda ctx, obj, args: obj.value,
}
