"""The readings of a row whose digits ran together or whose empty cells were dropped.

digit runs → splits (each row's own identity) → Pending rows whose readings the identity solver
(solver.py, called from checks.solve) narrows with the column identities.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Iterator, Optional

from .result import Number
from .templates import Identity

MAX_DIGITS = 60  # longer runs are not split (the search would not be worth it)
MAX_SOLUTIONS = 2  # we only need to know whether a split is unique
MAX_PARTIAL = 500  # splits enumerated to find the cells every split agrees on
Check = Optional[Callable[[list[int]], bool]]


def compositions(s: str, n: int) -> Iterator[list[int]]:
    """Every way to cut a digit string into n numbers without leading zeros."""
    if n == 1:
        if s and (s == "0" or s[0] != "0"):
            yield [int(s)]
        return
    for i in range(1, len(s) - n + 2):
        head = s[:i]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in compositions(s[i:], n - 1):
            yield [int(head)] + rest


def split_digits(s: str, groups: list[tuple[int, Check]], limit: int = MAX_SOLUTIONS) -> list[list[int]]:
    """Splits of s into consecutive groups of numbers, each passing its check; at most `limit`."""
    if len(s) > MAX_DIGITS:
        return []
    out: list[list[int]] = []

    def walk(rest: str, gi: int, acc: list[int]) -> None:
        if len(out) >= limit:
            return
        if gi == len(groups):
            if not rest:
                out.append(acc)
            return
        n, check = groups[gi]
        remaining = sum(k for k, _ in groups[gi + 1:])
        for cut in range(n, len(rest) - remaining + 1):
            for parts in compositions(rest[:cut], n):
                if check is None or check(parts):
                    walk(rest[cut:], gi + 1, acc + parts)
                    if len(out) >= limit:
                        return

    walk(s, 0, [])
    return out


def split_tokens(tokens: list[str], n: int, check: Check, limit: int = MAX_PARTIAL) -> list[list[int]]:
    """Splits of a row's tokens (each one or more cells run together; a sign belongs to a token's
    first cell) into n numbers passing the check; at most `limit`."""
    out: list[list[int]] = []

    def walk(i: int, acc: list[int]) -> None:
        if len(out) >= limit:
            return
        if i == len(tokens):
            if len(acc) == n and (check is None or check(acc)):
                out.append(acc)
            return
        sign = -1 if tokens[i].startswith("-") else 1
        room = n - len(acc) - (len(tokens) - i - 1)
        for k in range(1, room + 1):
            for parts in compositions(tokens[i].lstrip("+-"), k):
                walk(i + 1, acc + [sign * parts[0]] + parts[1:])

    walk(0, [])
    return out


def row_check(identity: Optional[Identity], columns: list[str]) -> Check:
    """The identity across one row's columns as a check on a list of numbers."""
    if identity is None:
        return None
    idx = {c: i for i, c in enumerate(columns)}
    if not all(c in idx for c in identity.lhs + identity.rhs):
        return None
    return lambda v: sum(v[idx[c]] for c in identity.lhs) == sum(v[idx[c]] for c in identity.rhs)


@dataclass
class Pending:
    """A row whose numbers fit its cells in several ways; the column identities may leave one."""
    row: str
    columns: list[str]
    options: list[tuple[Number, ...]]  # value vectors that fit the row's own identity
    phrase: str
    printed: Optional[list[Number]] = None  # the values printed with empty cells dropped; None: a digit run
    where: Optional[str] = None


def row_candidates(values: list[Number], columns: list[str], check: Check) -> list[tuple[Number, ...]]:
    """Every way the printed values can sit in the row, in order, the dropped cells being 0."""
    out = set()
    for pos in combinations(range(len(columns)), len(values)):
        vec = [0] * len(columns)
        for p, v in zip(pos, values):
            vec[p] = v
        if check is None or check(vec):
            out.add(tuple(vec))
    return sorted(out)
