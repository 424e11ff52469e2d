from content.low_vision import COOKIE, LowVision


def low_vision(request):
    """The visitor's settings of the version for the visually impaired (kept in a cookie);
    ``low_vision`` is ``None`` in the standard version."""
    return {"low_vision": LowVision.from_cookie(request.COOKIES.get(COOKIE))}
