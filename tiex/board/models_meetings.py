"""Board meetings: members, attendance, agenda items with papers, declarations, decisions and actions.

Minutes are not typed in: they are drafted from the recorded items (selectors_meetings.minutes_draft)
and approved at the next meeting, which freezes the text approved (``Meeting.minutes_text``).
An action stays open, and is listed under "matters arising" at each later meeting, until it is closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BoardRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice-chair", "Vice-chair"
    DEPUTY_CHAIR = "deputy-chair", "Deputy chair"
    MEMBER = "member", "Member"


class BoardMember(models.Model):
    """A member of the board: a councillor (or an independent member) with their role and authority."""

    name = models.CharField(max_length=200, help_text="As the board's papers give it, e.g. Cllr Peter Fleming OBE")
    role = models.CharField(max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER)
    council = models.ForeignKey("councils.Council", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    authority = models.CharField(max_length=200, blank=True, help_text="The council or body, as the papers name it")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_member",
        help_text="Their tiex account: a current member signed in sees draft minutes and papers",
    )
    active = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    title = models.CharField(max_length=200, default="Improvement and Innovation Board")
    date = models.DateField()
    venue = models.CharField(max_length=300, blank=True)
    minutes_approved_on = models.DateField(null=True, blank=True)
    minutes_approved_at = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_minutes_of"
    )
    minutes_text = models.TextField(blank=True, help_text="The minutes as approved (frozen at approval)")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}, {self.date:%-d %B %Y}"

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_on is not None


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["meeting", "status", "member__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="board_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.status}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    discussion = models.TextField(blank=True, help_text="What was reported and discussed, for the minutes")
    public = models.BooleanField(default=True, help_text="The item and its papers are published to everyone")

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="board_item_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Paper(models.Model):
    """A paper for an item: an uploaded file, or a resource in the Exchange."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="board/papers/%Y/", blank=True)
    resource = models.ForeignKey(
        "library.ResourcePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & models.Q(resource__isnull=False))
                | (~models.Q(file="") & models.Q(resource__isnull=True)),
                name="board_paper_file_or_resource",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Declaration(models.Model):
    """A declaration of interest made at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="declarations")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations")
    interest = models.TextField()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.member}: {self.interest[:60]}"


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    progress = models.TextField(blank=True, help_text="The latest word on it")

    class Meta:
        ordering = ["item__meeting__date", "item__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_on__isnull=False)),
                name="board_action_closed_on_when_closed",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
