"""Diagnostics: one shape for every problem the program reports, one formatter for all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Kind(StrEnum):
    """Which exit code a problem maps to: bad input (2) or a layout problem (1)."""

    INPUT = "input"
    LAYOUT = "layout"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: Level
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    hint: str | None = None
    kind: Kind = Kind.INPUT

    def format(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = f"{where}{self.level.value}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class LayoutError(Exception):
    """Raised with one or more diagnostics; the CLI prints them and exits 2 (input) or 1 (layout)."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]) -> None:
        diags = (diagnostics,) if isinstance(diagnostics, Diagnostic) else tuple(diagnostics)
        self.diagnostics: tuple[Diagnostic, ...] = diags
        super().__init__("\n".join(d.format() for d in diags))

    @property
    def exit_code(self) -> int:
        return 2 if any(d.kind is Kind.INPUT for d in self.diagnostics if d.level is Level.ERROR) else 1


def error(message: str, file: str | None = None, line: int | None = None, col: int | None = None,
          hint: str | None = None, kind: Kind = Kind.INPUT) -> LayoutError:
    """Shorthand: a LayoutError holding one error diagnostic."""
    return LayoutError(Diagnostic(Level.ERROR, message, file, line, col, hint, kind))
