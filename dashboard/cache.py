"""A small bounded cache of finished results (views, layouts, option lists, whole callback
answers), shared by the threads and greenlets of one worker. Keys carry the data version, so
a reload misses."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")


_MISSING = object()


class Bounded(Generic[T]):
    """At most `size` entries (and, with `weigh`, at most `max_weight` of their summed
    weights), least recently used out first. Values are shared: never change one after it
    is returned."""

    def __init__(self, size: int, max_weight: int | None = None,
                 weigh: Callable[[T], int] | None = None):
        self.size, self.max_weight, self.weigh = size, max_weight, weigh
        self.weight = 0  # the summed weights of the entries (with `weigh`)
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, make: Callable[[], T] | None = None) -> T | None:
        """The value for `key`; if there is none, `make()`'s, kept (without `make`: None)."""
        with self._lock:
            value = self._items.get(key, _MISSING)
            if value is not _MISSING:
                self._items.move_to_end(key)
                return value
        if make is None:
            return None
        value = make()  # outside the lock: two callers may build the same value once each
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: T) -> None:
        """Keep `value` for `key` (a value heavier than max_weight alone is not kept)."""
        weight = self.weigh(value) if self.weigh else 0
        if self.max_weight is not None and weight > self.max_weight:
            return
        with self._lock:
            old = self._items.pop(key, _MISSING)
            if old is not _MISSING and self.weigh:
                self.weight -= self.weigh(old)
            self._items[key] = value
            self.weight += weight
            while len(self._items) > self.size or (
                    self.max_weight is not None and self.weight > self.max_weight):
                _, dropped = self._items.popitem(last=False)
                if self.weigh:
                    self.weight -= self.weigh(dropped)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.weight = 0
