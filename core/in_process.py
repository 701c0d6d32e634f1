"""Answers a process keeps in its own memory until content changes.

Some lookups are made on nearly every page view and change only when an editor changes
content: which pages an address walks through, the page found there, the year a page
belongs to, the ids a listing shows. The shared cache (Redis) would cost a round trip
and an unpickling for each; the database, a query built and run each time. Each process
keeps such answers in a dictionary of its own instead, emptied as soon as it sees the
content generation move on (core.page_cache: any publish, unpublish, move, delete or
edit of something a page shows bumps it, on every app server at once). It is read once
per request and costs nothing to check again.

What is kept must be the same for every visitor (nothing about who is looking) and
must follow only from content. Model instances are handed out as copies (`own_copy`):
a request may set things on its page, and no other request may see them.
"""

import threading

from django.db.models.base import ModelState

from core.page_cache import current_generation

# Every one made, so that they can all be emptied at once (each test starts empty).
_all: list["PerGeneration"] = []


class PerGeneration:
    """A dictionary kept for one content generation at a time, in this process.

    `max_entries` bounds it: addresses are the keys of some, and anyone can make up
    addresses. When full it starts again empty, which costs the next requests a query
    each and never a wrong answer."""

    def __init__(self, name: str, max_entries: int = 2000):
        self.name = name
        self.max_entries = max_entries
        self._generation = None
        self._values: dict = {}
        self._lock = threading.Lock()
        _all.append(self)

    def get(self, key, compute):
        """The value kept under `key`, or `compute()`'s, then kept."""
        generation = current_generation()
        values = self._values_for(generation)
        try:
            return values[key]
        except KeyError:
            pass
        value = compute()
        with self._lock:
            self._keep(generation, key, value)
        return value

    def get_many(self, keys, compute) -> dict:
        """{key: value} for each of `keys`; `compute(missing) -> {key: value}` makes
        those not kept yet, in one go. A key it leaves out is kept as None."""
        generation = current_generation()
        values = self._values_for(generation)
        found = {key: values[key] for key in keys if key in values}
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            fresh = compute(missing)
            with self._lock:
                for key in missing:
                    found[key] = fresh.get(key)
                    self._keep(generation, key, found[key])
        return found

    def get_copy(self, key, compute):
        """`get()` for a model instance (or None): each caller its own copy."""
        value = self.get(key, compute)
        return own_copy(value) if value is not None else None

    def _keep(self, generation, key, value) -> None:
        # Only under the generation it was computed for: another request may have moved
        # the dictionary on to a newer one meanwhile.
        if self._generation == generation:
            if len(self._values) >= self.max_entries:
                self._values = {}
            self._values[key] = value

    def _values_for(self, generation) -> dict:
        if self._generation != generation:
            with self._lock:
                if self._generation != generation:
                    self._values = {}
                    self._generation = generation
        return self._values

    def clear(self) -> None:
        with self._lock:
            self._values = {}
            self._generation = None


def own_copy(instance):
    """A copy of a model instance, as `copy.copy` makes one (Django's own: a dictionary of
    its own, with its own state and cache of related rows, holding the same values),
    made directly. `copy.copy` takes the pickling route (__reduce__, a state dictionary,
    rebuilding), a thousand steps each; a home page makes fifteen."""
    cls = type(instance)
    copied = cls.__new__(cls)
    attributes = instance.__dict__.copy()
    state = ModelState()
    state.__dict__.update(instance._state.__dict__)
    state.fields_cache = instance._state.fields_cache.copy()
    attributes["_state"] = state
    copied.__dict__.update(attributes)
    return copied


def clear_all() -> None:
    for kept in _all:
        kept.clear()
