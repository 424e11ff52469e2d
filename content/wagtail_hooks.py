"""Wagtail admin hooks of the published content."""

from django.core.exceptions import PermissionDenied

from wagtail import hooks


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page_to_move, destination):
    """Wagtail checks the right to move a page only when the move is posted; its confirmation
    page would show any admin user the titles of any page, drafts included. Refused up front."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
