from content.views import LOW_VISION_COOKIE


def low_vision(request):
    """Whether the visitor chose the version for the visually impaired (kept in a cookie)."""
    return {"low_vision": request.COOKIES.get(LOW_VISION_COOKIE) == "on"}
