"""Forms of transition parameters: what a person supplies when taking a transition.

They only parse: the services judge the values (a date in the future, say) and the admin shows
their refusals on the form.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from workflows.choices import (
    MentorshipState,
    Nominator,
    Role,
    TrainingProvider,
)
from workflows.choosers import offer_people
from workflows.models import (
    Mentorship,
    NotificationPreference,
    Person,
    PublicationConsent,
    StatusApplication,
)
from workflows.models.orders import earliest_early_end, fields_not_of_kind, kinds_drafted_by
from workflows.predicates import has_role, is_municipal
from workflows.scoping import scope_to_organisations
from workflows.services import (
    approver_choices,
    case_document_check_edit,
    consent_change,
    consent_give,
    consent_person_choices,
    consent_withdraw,
    mentee_choices,
    mentor_choices,
    mentorship_change,
    mentorship_create,
    nominee_choices,
    order_check_draft,
    organisation_check_edit,
    person_check_edit,
    proposed_mentor_choices,
    replacement_mentor_choices,
    status_application_change,
    status_application_create,
)
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
        """The values the transition's service takes (everything but the comment)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "comment"}


def _not_in_future(value):
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class MentorConsentForm(TransitionForm):
    consented_on = forms.DateField(label=_("Consent dated"))
    scan = forms.FileField(
        label=_("Scan of the signed consent (PDF, JPEG or PNG)"), validators=[validate_scan]
    )


class MenteeConsentForm(TransitionForm):
    consented_on = forms.DateField(label=_("Consent dated"))


def submitted_fields(form) -> dict:
    """The model fields ``form`` edits, as it parsed them: the keyword arguments of a service."""
    return {
        name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data
    }


class MentorshipAdminForm(ScopedAdminForm):
    """The mentee among the staff the user acts for; the mentor among them too and, for the
    kinds that allow it (2.1), among the region's holders of a valid status. Saved through
    :func:`~workflows.services.mentorship_create` or ``mentorship_change``, which check who
    drafts and the rules table whatever the form was sent."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "mentee" in self.fields:
            offer_people(self.fields["mentee"], mentee_choices(user=for_user), "mentee")
        if "mentor" in self.fields:
            offer_people(self.fields["mentor"], mentor_choices(user=for_user), "mentor")

    def save(self, commit=True):
        fields = submitted_fields(self)
        if self.instance.pk:
            # As stored: the service checks the user against the organisation it had.
            mentorship = Mentorship.objects.get(pk=self.instance.pk)
            return mentorship_change(mentorship=mentorship, user=self.for_user, **fields)
        return mentorship_create(user=self.for_user, **fields)


class OrderAdminForm(ScopedAdminForm):
    """An order lists mentorships of the user's organisations that it can assign or end, and
    its approval sheet only the people who approve the issuer's orders. Saved after
    :func:`~workflows.services.order_check_draft` lets the user write it."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "kind" in self.fields:
            # Only the kinds the user's bodies issue: a school is not offered the statuses.
            offered = kinds_drafted_by(for_user)
            field = self.fields["kind"]
            field.choices = [(v, label) for v, label in field.choices if v in offered or not v]
        if "mentorships" in self.fields:
            candidates = Mentorship.objects.filter(
                state__in=[MentorshipState.AWAITING_ORDER, MentorshipState.ACTIVE]
            ).select_related("mentor", "mentee")
            if self.instance.pk:
                candidates = candidates | self.instance.mentorships.all()
            self.fields["mentorships"].queryset = scope_to_organisations(candidates, for_user)
        if "route" in self.formsets:
            issuer = self.instance.issuer if self.instance.issuer_id else None
            self._offer_approvers(approver_choices(user=for_user, issuer=issuer), issuer)

    def _offer_approvers(self, approvers, issuer) -> None:
        """Every line of the sheet, the blank one that adds a line included, offers
        ``approvers`` as people with their positions; each line knows its order, so that the
        model's validation checks the approver against the issuer chosen in this very form."""
        order = self.instance
        formset = self.formsets["route"]
        issuer_id = issuer.pk if issuer else None

        class RouteLineForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.order = order
                offer_people(self.fields["approver"], approvers, "approver", issuer=issuer_id)

        formset.form = RouteLineForm

    def clean(self):
        """Keep only the fields of the posted kind: a value left in a hidden field of another
        kind (a termination's notice on an assignment) is dropped, not saved."""
        cleaned = super().clean()
        for name in fields_not_of_kind(cleaned.get("kind", "")):
            if name in self.fields:
                cleaned[name] = self.fields[name].clean(None)
        return cleaned

    def save(self, commit=True):
        order_check_draft(order=self.instance, user=self.for_user)
        return super().save(commit)


class EnrolmentForm(TransitionForm):
    enrolled_on = forms.DateField(label=_("Enrolled in training on"))


class TrainingForm(TransitionForm):
    training_certificate_number = forms.CharField(
        label=_("Training certificate number"), max_length=50
    )
    training_certificate_date = forms.DateField(label=_("Training certificate dated"))
    training_provider = forms.ChoiceField(
        label=_("Training provider"), choices=TrainingProvider.choices
    )


class GrantForm(TransitionForm):
    ministry_order_number = forms.CharField(label=_("Ministry's order number"), max_length=50)
    ministry_order_date = forms.DateField(
        label=_("Ministry's order dated"),
        help_text=_("The certificate is issued on this date and is valid for three years."),
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=50)


class RequalificationForm(TransitionForm):
    direction = forms.CharField(label=_("New direction or problem"), max_length=300)
    requalified_on = forms.DateField(label=_("Requalified on"))


class StatusApplicationAdminForm(ScopedAdminForm):
    """Municipal bodies nominate anyone; a school's head or curator its staff as an
    educational organisation; everyone else only themselves (offered here, checked by
    :func:`~workflows.services.status_application_create` and ``_change``)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "person" in self.fields:
            offer_people(self.fields["person"], nominee_choices(user=for_user), "nominee")
        if is_municipal(for_user):
            return
        # A school's head or curator also nominates its staff for the «Тьютор» status (2.1).
        school = has_role(for_user, Role.ORG_HEAD, Role.CURATOR)
        nominators = (
            [Nominator.SELF, Nominator.EDUCATIONAL_ORGANISATION] if school else [Nominator.SELF]
        )
        if "nominated_by" in self.fields:
            self.fields["nominated_by"].choices = [(n, n.label) for n in nominators]

    def save(self, commit=True):
        fields = submitted_fields(self)
        if self.instance.pk:
            # As stored: the service checks the user against the nomination it had.
            application = StatusApplication.objects.get(pk=self.instance.pk)
            return status_application_change(application=application, user=self.for_user, **fields)
        return status_application_create(user=self.for_user, **fields)


class PublicationConsentAdminForm(ScopedAdminForm):
    """A consent is given, corrected and withdrawn through the services, which check that the
    registry operator records it and that its dates are not in the future."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "person" in self.fields:
            offer_people(self.fields["person"], consent_person_choices(user=for_user), "consent")

    def save(self, commit=True):
        fields = submitted_fields(self)
        withdrawn_on = fields.pop("withdrawn_on", None)
        if self.instance.pk:
            consent = PublicationConsent.objects.get(pk=self.instance.pk)
            consent = consent_change(consent=consent, user=self.for_user, **fields)
        else:
            consent = consent_give(user=self.for_user, **fields)
        if withdrawn_on is not None:
            consent = consent_withdraw(consent=consent, user=self.for_user, on=withdrawn_on)
        return consent


class CaseDocumentAdminForm(WagtailAdminModelForm):
    """A plan, a report or a questionnaire, saved once
    :func:`~workflows.services.case_document_check_edit` lets the user fill it in."""

    def save(self, commit=True):
        case_document_check_edit(document=self.instance, user=self.for_user)
        return super().save(commit)


class QuestionnaireAdminForm(CaseDocumentAdminForm):
    """The questionnaire: each question offers its five scores only. A question not answered
    yet stays empty in the draft; a «---------» choice would read as one more answer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.model.SCORES:
            field = self.fields[name]
            field.choices = [(value, label) for value, label in field.choices if value != ""]


class OrganisationAdminForm(ScopedAdminForm):
    """Saved once :func:`~workflows.services.organisation_check_edit` lets the user."""

    def save(self, commit=True):
        organisation_check_edit(user=self.for_user)
        return super().save(commit)


class PersonAdminForm(ScopedAdminForm):
    """Saved once :func:`~workflows.services.person_check_edit` lets the user, for the
    organisation the record had and the one it is given."""

    def save(self, commit=True):
        if self.instance.pk:
            stored = Person.objects.get(pk=self.instance.pk)
            person_check_edit(person=stored, user=self.for_user)
        person_check_edit(person=self.instance, user=self.for_user)
        return super().save(commit)


class ReplacementApprovalForm(TransitionForm):
    """The head names the new mentor and the day the current mentorship ends."""

    needs_document = True

    new_mentor = forms.ModelChoiceField(label=_("New mentor"), queryset=Person.objects.none())
    ended_on = forms.DateField(label=_("Last day of mentoring with the current mentor"))

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        offer_people(
            self.fields["new_mentor"],
            replacement_mentor_choices(request=document),
            "replacement_mentor",
            request=document.pk,
        )
        self.fields["new_mentor"].initial = document.proposed_mentor_id
        self.fields["ended_on"].initial = earliest_early_end(timezone.localdate())


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
        offer_people(
            self.fields["proposed_mentor"], proposed_mentor_choices(user=user), "proposed_mentor"
        )


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["non_essential"]
