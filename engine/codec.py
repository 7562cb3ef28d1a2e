"""Results to bytes and back, running no code when read: what the shared result cache stores.

A store may be reachable by others (a Redis on a network, a folder on a shared machine), so what
it holds must not be able to run code when read. This codec writes the engine's frozen
dataclasses, numpy arrays and scalars of numbers, bytes and plain values (str, int, float, bool, None, dates,
tuples, lists, dicts) as a JSON outline followed by the arrays' and bytes' raw blobs; reading
builds only dataclasses defined in the engine's own modules and numeric arrays, each blob once and
nested at most `MAX_DEPTH` deep. A tampered entry gives a `ValueError` or an engine object with
wrong contents (the caller checks what it expects), never a call into other code.

Layout: 8 bytes (big-endian length of the outline), the outline (UTF-8 JSON), then each blob as
8 bytes of length and its bytes.
"""

from __future__ import annotations

import dataclasses
import json
import struct
import sys
from datetime import date
from typing import Any

import numpy as np

_LENGTH = struct.Struct(">Q")
_NUMERIC_KINDS = "biuf"  # bool, signed and unsigned integers, floats: no objects, no strings


def _outline(value: Any, blobs: list[bytes]) -> Any:
    if isinstance(value, np.generic):  # before float: numpy's float64 is a float
        return {"scalar": _outline(np.asarray(value).reshape(1), blobs)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        blobs.append(bytes(value))
        return {"bytes": len(blobs) - 1}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _NUMERIC_KINDS:
            raise TypeError(f"only numeric arrays are encoded, not {value.dtype}")
        blobs.append(np.ascontiguousarray(value).tobytes())
        return {"array": len(blobs) - 1, "dtype": value.dtype.str, "shape": list(value.shape)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [_outline(v, blobs) for v in value]}
    if isinstance(value, list):
        return {"list": [_outline(v, blobs) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[_outline(k, blobs), _outline(v, blobs)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _outline(getattr(value, f.name), blobs) for f in dataclasses.fields(value)}
        return {"dataclass": f"{type(value).__module__}:{type(value).__qualname__}", "fields": fields}
    raise TypeError(f"cannot encode a {type(value).__name__}")


def encode(value: Any) -> bytes:
    """Write `value` (module docstring: what it may hold) as bytes.

    Raises
    ------
    TypeError
        When `value` holds something else (an object array, a class of its own).
    """
    blobs: list[bytes] = []
    outline = json.dumps(_outline(value, blobs), separators=(",", ":"), allow_nan=True).encode()
    parts = [_LENGTH.pack(len(outline)), outline]
    for blob in blobs:
        parts += [_LENGTH.pack(len(blob)), blob]
    return b"".join(parts)


def _engine_dataclass(name: str) -> type:
    module_name, _, qualname = name.partition(":")
    module = sys.modules.get(module_name)
    if not (module_name == "engine" or module_name.startswith("engine.")) or module is None:
        raise ValueError(f"not a dataclass of the engine: {name!r}")
    cls = getattr(module, qualname, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module_name):
        raise ValueError(f"not a dataclass of the engine: {name!r}")
    return cls


# Deeper than anything the engine writes (a result nests about eight levels), far below Python's
# recursion limit.
MAX_DEPTH = 40


def _blob(blobs: list[memoryview], used: set[int], index: Any) -> memoryview:
    # Each blob once: an entry naming one blob many times could ask for unbounded memory.
    if not isinstance(index, int) or index in used or not 0 <= index < len(blobs):
        raise ValueError(f"blob {index!r} missing or used twice")
    used.add(index)
    return blobs[index]


def _value(outline: Any, blobs: list[memoryview], used: set[int], depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    if not isinstance(outline, dict):
        if isinstance(outline, list):
            raise ValueError("a bare list in the outline")
        return outline
    if "bytes" in outline:
        return bytes(_blob(blobs, used, outline["bytes"]))
    if "array" in outline:
        dtype = np.dtype(outline["dtype"])
        if dtype.kind not in _NUMERIC_KINDS:
            raise ValueError(f"not a numeric array: {dtype}")
        return np.frombuffer(_blob(blobs, used, outline["array"]), dtype=dtype).reshape(outline["shape"]).copy()
    if "scalar" in outline:
        return _value(outline["scalar"], blobs, used, depth + 1)[0]
    if "date" in outline:
        return date.fromisoformat(outline["date"])
    if "tuple" in outline:
        return tuple(_value(v, blobs, used, depth + 1) for v in outline["tuple"])
    if "list" in outline:
        return [_value(v, blobs, used, depth + 1) for v in outline["list"]]
    if "dict" in outline:
        return {_value(k, blobs, used, depth + 1): _value(v, blobs, used, depth + 1) for k, v in outline["dict"]}
    if "dataclass" in outline:
        cls = _engine_dataclass(outline["dataclass"])
        names = {f.name for f in dataclasses.fields(cls)}
        fields = outline["fields"]
        if set(fields) != names:
            raise ValueError(f"the fields of {cls.__name__} do not match")
        # The fields as they were, without running __init__ or its checks again.
        instance = object.__new__(cls)
        for name, field_outline in fields.items():
            object.__setattr__(instance, name, _value(field_outline, blobs, used, depth + 1))
        return instance
    raise ValueError(f"unknown entry in the outline: {sorted(outline)}")


def decode(data: bytes) -> Any:
    """Read back what `encode` wrote.

    Raises
    ------
    ValueError
        When `data` is not what `encode` writes (truncated, tampered, or naming a class that is not
        an engine dataclass).
    """
    view = memoryview(data)
    try:
        (length,) = _LENGTH.unpack_from(view, 0)
        outline = json.loads(bytes(view[8 : 8 + length]))
        blobs, at = [], 8 + length
        while at < len(view):
            (size,) = _LENGTH.unpack_from(view, at)
            if at + 8 + size > len(view):
                raise ValueError("a blob runs past the end")
            blobs.append(view[at + 8 : at + 8 + size])
            at += 8 + size
        return _value(outline, blobs, set())
    except Exception as error:  # noqa: BLE001 - whatever a damaged entry trips over, the caller gets one kind
        raise ValueError(f"not an encoded result: {error}") from error
