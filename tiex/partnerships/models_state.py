"""The partnerships' state: one row whose token changes with every write to the map's data.

``PartnershipsState`` holds a random token that ``services_state.state_bump`` replaces
inside the transaction of every write to partnerships, their councils, categories, other
partners, benefit tags or savings (the services, the import, the demo loader and the staff
admin's snippet hooks). Reads key what they keep on it (``selectors_state``): the council
profile's shared-services section and the CSV download's written rows. A random token, not a
counter, so that two databases (or two tests rolled back to the same point) never share one.

Imported at the end of models.py, so Django finds the model with the app's others.
"""

from __future__ import annotations

from django.db import models


class PartnershipsState(models.Model):
    """A single row (pk 1), created by the first write."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "partnerships state"

    def __str__(self) -> str:
        return f"partnerships state {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
