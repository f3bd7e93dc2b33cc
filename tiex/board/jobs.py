"""The scheduler's job for the board: close each computed deliverable's quarters once they have ended,
recording the value at the close (services.quarters_close_due). Idempotent: a quarter already
closed keeps the value recorded then."""

from __future__ import annotations

import logging

from tiex.core.scheduler import job

logger = logging.getLogger("tiex.board")


@job("board_close_quarters")
def board_close_quarters() -> None:
    from tiex.board.services import quarters_close_due

    closed = quarters_close_due()
    if closed:
        logger.info("board: recorded %s quarter-close values", closed)
