"""Forms of transition parameters: what a person supplies when taking a transition."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.choices import MentorshipState, Nominator, TrainingProvider
from workflows.models import Mentorship, NotificationPreference, Person
from workflows.scoping import is_municipal, own_person_id, scope_to_organisations
from workflows.validators import validate_scan
from workflows.wagtail_admin import ScopedAdminForm


class TransitionForm(forms.Form):
    """The confirmation of a transition: an optional or required comment."""

    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        error_messages={"required": _("A comment is required for this action.")},
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required

    def transition_params(self) -> dict:
        """Keyword arguments for the transition method (everything but the comment)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "comment"}


def _not_in_future(value):
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class MentorConsentForm(TransitionForm):
    consented_on = forms.DateField(label=_("Consent dated"), validators=[_not_in_future])
    scan = forms.FileField(
        label=_("Scan of the signed consent (PDF, JPEG or PNG)"), validators=[validate_scan]
    )


class MenteeConsentForm(TransitionForm):
    consented_on = forms.DateField(label=_("Consent dated"), validators=[_not_in_future])


class MentorshipAdminForm(ScopedAdminForm):
    """The mentee is chosen among the people of the organisations the user acts for."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "mentee" in self.fields:
            self.fields["mentee"].queryset = scope_to_organisations(
                Person.objects.select_related("organisation"), for_user
            )
        if "mentor" in self.fields:
            self.fields["mentor"].queryset = Person.objects.select_related("organisation")


class OrderAdminForm(ScopedAdminForm):
    """An order lists mentorships of the user's organisations that it can assign or end."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "mentorships" in self.fields:
            candidates = Mentorship.objects.filter(
                state__in=[MentorshipState.AWAITING_ORDER, MentorshipState.ACTIVE]
            ).select_related("mentor", "mentee")
            if self.instance.pk:
                candidates = candidates | self.instance.mentorships.all()
            self.fields["mentorships"].queryset = scope_to_organisations(candidates, for_user)


class EnrolmentForm(TransitionForm):
    enrolled_on = forms.DateField(label=_("Enrolled in training on"), validators=[_not_in_future])


class TrainingForm(TransitionForm):
    training_certificate_number = forms.CharField(
        label=_("Training certificate number"), max_length=50
    )
    training_certificate_date = forms.DateField(
        label=_("Training certificate dated"), validators=[_not_in_future]
    )
    training_provider = forms.ChoiceField(
        label=_("Training provider"), choices=TrainingProvider.choices
    )


class GrantForm(TransitionForm):
    ministry_order_number = forms.CharField(label=_("Ministry's order number"), max_length=50)
    ministry_order_date = forms.DateField(
        label=_("Ministry's order dated"),
        validators=[_not_in_future],
        help_text=_("The certificate is issued on this date and is valid for three years."),
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=50)


class RequalificationForm(TransitionForm):
    direction = forms.CharField(label=_("New direction or problem"), max_length=300)
    requalified_on = forms.DateField(label=_("Requalified on"), validators=[_not_in_future])


class StatusApplicationAdminForm(ScopedAdminForm):
    """Municipal bodies nominate anyone; everyone else may only nominate themselves."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or is_municipal(for_user):
            if "person" in self.fields:
                self.fields["person"].queryset = Person.objects.select_related("organisation")
            return
        if "person" in self.fields:
            self.fields["person"].queryset = Person.objects.filter(pk=own_person_id(for_user))
        if "nominated_by" in self.fields:
            self.fields["nominated_by"].choices = [(Nominator.SELF, Nominator.SELF.label)]


class PublicationConsentAdminForm(ScopedAdminForm):
    def clean_withdrawn_on(self):
        withdrawn_on = self.cleaned_data.get("withdrawn_on")
        if withdrawn_on:
            _not_in_future(withdrawn_on)
        return withdrawn_on


class ReplacementApprovalForm(TransitionForm):
    """The head names the new mentor and the day the current mentorship ends."""

    needs_document = True

    new_mentor = forms.ModelChoiceField(label=_("New mentor"), queryset=Person.objects.none())
    ended_on = forms.DateField(label=_("The current mentorship ends on"))

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        mentorship = document.mentorship
        self.fields["new_mentor"].queryset = Person.objects.filter(
            organisation_id=mentorship.organisation_id
        ).exclude(pk__in=[mentorship.mentor_id, mentorship.mentee_id])
        self.fields["new_mentor"].initial = document.proposed_mentor_id
        self.fields["ended_on"].initial = timezone.localdate()


class PlanItemDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReplacementRequestForm(forms.Form):
    """The mentee's request: which of their active mentorships, why, and whom they propose."""

    mentorship = forms.ModelChoiceField(label=_("Mentorship"), queryset=Mentorship.objects.none())
    reason = forms.CharField(
        label=_("Why personal contact with the mentor is impossible"), widget=forms.Textarea
    )
    proposed_mentor = forms.ModelChoiceField(
        label=_("Mentor you propose (optional)"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        person = getattr(user, "person", None)
        own = Mentorship.objects.filter(mentee=person, state=MentorshipState.ACTIVE).select_related(
            "mentor", "mentee"
        )
        self.fields["mentorship"].queryset = own
        self.fields["proposed_mentor"].queryset = Person.objects.filter(
            organisation_id=getattr(person, "organisation_id", None)
        ).exclude(pk=getattr(person, "pk", None))


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["non_essential"]
