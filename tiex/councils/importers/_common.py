"""Helpers shared by the council importers: value parsing, progress, tables, code lookups."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tiex.core.importing import ImportFailed, Progress, RowError, read_csv
from tiex.councils.models import CouncilCode

GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")


class Invalid(ValueError):
    """A cell that cannot be parsed; the message says why, for a RowError."""


def parse_int(value: str, *, minimum: int | None = 0, maximum: int | None = None) -> int:
    """An integer, also written as a float with no fraction ("264.0", as pandas writes ids)."""
    try:
        number = float(value)
    except ValueError:
        raise Invalid(f"{value!r} is not a whole number") from None
    if not math.isfinite(number) or number != int(number):
        raise Invalid(f"{value!r} is not a whole number")
    result = int(number)
    if minimum is not None and result < minimum:
        raise Invalid(f"{result} is less than {minimum}")
    if maximum is not None and result > maximum:
        raise Invalid(f"{result} is more than {maximum}")
    return result


def parse_float(value: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
    try:
        number = float(value)
    except ValueError:
        raise Invalid(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise Invalid(f"{value!r} is not a number")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise Invalid(f"{number} is outside {minimum} to {maximum}")
    return number


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise Invalid(f"{value!r} is not True or False")


def parse_gss(value: str) -> str:
    code = value.strip().upper()
    if not GSS_CODE.match(code):
        raise Invalid(f"{value!r} is not a GSS code (a letter and eight digits, e.g. E06000001)")
    return code


class Ticker:
    """Calls progress(done, total) every ``every`` items and once at the end."""

    def __init__(self, progress: Progress | None, total: int | None, every: int = 100):
        self.progress = progress
        self.total = total
        self.every = every
        self.done = 0

    def tick(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        if self.progress and (self.done // self.every != before // self.every):
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress:
            self.progress(self.total if self.total is not None else self.done, self.total)


def read_table(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs from a CSV file, or from the first sheet of an .xlsx workbook (line = sheet row)."""
    required = list(required)
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return list(read_csv(path, required))
    return list(_read_xlsx(path, required))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook  # only needed for spreadsheets

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise ImportFailed([RowError(path.name, None, None, f"not a readable .xlsx workbook: {exc}")]) from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell_text(value) for value in next(rows, ())]
        missing = [name for name in required if name not in header]
        if missing:
            raise ImportFailed(
                [RowError(path.name, 1, None, f"missing column(s) {', '.join(missing)}; found {', '.join(header)}")]
            )
        for line, values in enumerate(rows, start=2):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                yield line, {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header) if name}
    finally:
        workbook.close()


def code_owners() -> dict[str, tuple[int, bool]]:
    """Every known GSS code -> (council id, whether it is that council's current code)."""
    return {
        code: (council_id, current)
        for code, council_id, current in CouncilCode.objects.values_list("code", "council_id", "is_current")
    }
