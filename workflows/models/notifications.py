"""What the portal remembers about its e-mails: who opted out, which reminders went out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.choices import NoticeKind


class NotificationPreference(models.Model):
    """A user's choice about the notices they may do without."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    non_essential = models.BooleanField(
        _("also send non-essential notices"),
        default=True,
        help_text=_(
            "Reminders two working days before a due date, news about your documents that need "
            "nothing from you, and the first certificate expiry notice (90 days before). "
            "Requests to act, overdue notices and the last expiry notice are always sent."
        ),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class SentNotice(models.Model):
    """A reminder that went out, so that the daily run never sends it twice."""

    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    model = models.CharField(_("document type"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("document"))
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "model", "object_id", "email"], name="one_reminder_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.model} #{self.object_id} → {self.email}"
