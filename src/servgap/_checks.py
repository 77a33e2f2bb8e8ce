"""Argument checks shared by every public function: one message style for a bad option."""

from __future__ import annotations

__all__ = ["check_choice"]


def check_choice(name: str, value, options) -> None:
    """Raise ``ValueError("`name` must be one of [...], got ...")`` for an unknown option.

    Examples
    --------
    >>> check_choice("level", "items", ("item", "dimension"))
    Traceback (most recent call last):
    ...
    ValueError: `level` must be one of ['item', 'dimension'], got 'items'.
    """
    if value not in options:
        raise ValueError(f"`{name}` must be one of {list(options)}, got {value!r}.")
