"""Django's database sessions, read with SQL built once per process (``SESSION_ENGINE``).

Every signed-in request reads its session row. Django builds that query afresh each time
(``Session.objects.get(session_key=..., expire_date__gt=now)``), which costs several times what
running it does. This store reads the row by its key through ``KeptQuery``
(tiex/core/kept_queries.py) and compares the expiry date in Python: the same row, the same
answer (an expired or missing session is empty and loses its key, as Django's store does).
Writing, creating, deleting and clearing expired sessions are Django's own, unchanged.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from tiex.core.kept_queries import KeptQuery

_BY_KEY: KeptQuery[Session] = KeptQuery(lambda key: Session.objects.filter(session_key=key), str)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        if self.model is not Session or not isinstance(self.session_key, str):
            return super()._get_session_from_db()  # type: ignore[misc]
        try:
            found = _BY_KEY.rows(self.session_key)
            if found and found[0].expire_date > timezone.now():
                return found[0]
            raise Session.DoesNotExist
        except (Session.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            self._session_key = None
            return None
