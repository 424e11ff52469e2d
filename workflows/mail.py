"""The portal's e-mail, delivered off the request path (django-tasks, which Wagtail 8 ships).

A notice is queued on the task backend ``"mail"`` (settings.TASKS): in production the
database backend, whose worker (``manage.py db_worker --backend mail``) talks to the mail
server, so a transition's response never waits for it; in development and the tests the
immediate backend, which sends at once in the same process.
"""

import logging

from django.core.mail import send_mail

from django_tasks import TaskResultStatus, task

logger = logging.getLogger("workflows.notifications")

# Settings under which generated data (the demo, the benchmark's seed) sends no e-mail: the
# notices of made-up people are dropped, at once, rather than printed or queued for a worker.
SILENT_MAIL = {
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "TASKS": {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "mail": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    },
}


@task(backend="mail")
def deliver(subject: str, body: str, address: str, about: str) -> None:
    """Send one e-mail. A mail server that fails is logged and the task marked failed: the
    notice is lost (the worker does not retry), never the change it reports."""
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        logger.exception("Could not send %s to %s", about, address)
        raise


def queue_mail(subject: str, body: str, address: str, about: str) -> bool:
    """Queue one e-mail for :func:`deliver`; ``False`` when it has already failed (the
    immediate backend sends at once), ``True`` when sent or waiting for the worker."""
    result = deliver.enqueue(subject, body, address, about)
    return result.status != TaskResultStatus.FAILED
