"""Money as the map's headlines show it (pure): £1.34bn, £199.6m, £250,000."""

from __future__ import annotations

BILLION = 1_000_000_000
MILLION = 1_000_000


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def gbp_short(amount: int | None) -> str:
    """Whole pounds, shortened: billions to two decimal places, millions to one, less in full.

    Trailing zeros go (£1bn, £200m); an amount that rounds up to the next unit is shown in it
    (£999,960,000 is £1bn, not £1000.0m). None is an empty string.
    """
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if round(amount / MILLION, 1) >= 1000:
        return f"{sign}£{_trim(f'{amount / BILLION:.2f}')}bn"
    if amount >= MILLION:
        return f"{sign}£{_trim(f'{amount / MILLION:.1f}')}m"
    return f"{sign}£{amount:,}"


def gbp(amount: int | None) -> str:
    """Whole pounds in full: £1,340,000,000."""
    return "" if amount is None else f"£{amount:,}"


def percent(share: float | None) -> str:
    """A share from 0 to 1 as a whole percentage ("62%"); below 1% but above nothing, "less than 1%"."""
    if share is None:
        return ""
    if 0 < share < 0.005:
        return "less than 1%"
    return f"{round(share * 100)}%"
