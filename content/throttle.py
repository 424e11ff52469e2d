"""The limit on password-reset e-mails, counted like the registry's limits (portal.throttle)."""

import hashlib

from django.conf import settings

from portal.throttle import allow


def password_reset_allowed(request, email: str) -> bool:
    """Whether another password-reset e-mail may go out: at most PASSWORD_RESET_LIMIT for one
    e-mail address and PASSWORD_RESET_ADDRESS_LIMIT from one client per PASSWORD_RESET_WINDOW.

    Both counters count every request, whether or not an account has that e-mail, so a refusal
    tells nothing about who is registered. The e-mail is counted by its digest, so the cache
    holds no addresses.
    """
    window = settings.PASSWORD_RESET_WINDOW
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    from_client = allow(request, "password-reset", settings.PASSWORD_RESET_ADDRESS_LIMIT, window)
    for_email = allow(
        request, "password-reset-email", settings.PASSWORD_RESET_LIMIT, window, subject=digest
    )
    return from_client and for_email
