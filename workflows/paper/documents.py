"""One context builder per paper: every word the paper prints, from the document's data.

Each builder is registered with :func:`workflows.paper.base.paper` and returns a
:class:`~workflows.paper.base.Sheet`; its template is ``templates/workflows/paper/<name>.html``.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows import grammar, transitions
from workflows.choices import (
    ActivityForm,
    MentoringKind,
    MentorshipState,
    OrderKind,
    OrderState,
    PlanState,
    QuestionnaireState,
    ReportState,
    Role,
    Score,
)
from workflows.grammar import Case
from workflows.models import (
    IndividualPlan,
    Mentorship,
    Order,
    Questionnaire,
    Report,
)
from workflows.models.orders import signer_role
from workflows.paper.base import (
    Fields,
    Heading,
    Paragraph,
    Sheet,
    Signature,
    Table,
    paper,
)
from workflows.paper.typography import blank_date, date_in_words, term_in_words
from workflows.params import positive_int
from workflows.periods import shifted_term
from workflows.scoping import may_see_party
from workflows.selectors import order_for_print, order_version_moment, organisation_head

BLANK = "______________"


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _person(person) -> str:
    return f"{person.full_name}, {person.position}"


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


# -- the order (приказ) ------------------------------------------------------------------------


@paper(
    name="order",
    label=gettext_lazy("Order"),
    model=Order,
    states=[OrderState.DRAFT, OrderState.APPROVAL, OrderState.RETURNED, OrderState.SIGNED],
    versioned=True,
)
def order_sheet(order: Order, request=None) -> Sheet:
    """The order with its list of mentorships and its approval sheet (лист согласования).

    A signed order prints its signed version from history; anything else prints as a draft.
    ``?version=`` (a version of the order's history) prints the order and its sheet as they
    were at that version.
    """
    moment = _version_moment(order, request)
    data = order_for_print(order, moment)
    version = data.order
    blocks = [Heading(version.title), *_paragraphs(version.body)]
    blocks += _order_items(version, data.mentorships)
    signer = data.names_by_user.get(version.signed_by_id, "")
    blocks.append(Signature(str(_signer_position(version)), signer))
    blocks += _approval_sheet(version, data, moment)
    number = f"{version.number}{version.number_index}" if version.number else BLANK
    return Sheet(
        title=_("ORDER"),
        filename=f"order-{order.pk}",
        letterhead=[data.issuer.full_name],
        date=date_in_words(version.signed_on) if version.signed_on else blank_date(),
        place=_("Yurga"),
        number=_("No. %(number)s") % {"number": number},
        blocks=blocks,
        watermark="" if data.is_signed else _("DRAFT"),
    )


def _version_moment(order: Order, request):
    """The moment of the version ``?version=`` names, ``None`` without one; a version that is
    not one of this order's answers 404, as an unknown document would."""
    if request is None or "version" not in request.GET:
        return None
    history_id = positive_int(request.GET["version"])
    moment = order_version_moment(order, history_id) if history_id else None
    if moment is None:
        raise Http404
    return moment


def _signer_position(order):
    role = signer_role(order)
    if role == Role.ORG_HEAD:
        return _("Head of the organisation")
    return _("Head of the issuing body")


def _ordered_term(order, mentorship) -> tuple:
    """The term as the order sets it: from the order's start, the same months (2.3–2.4), as
    the order's rules check it and its signing starts it."""
    if not order.starts_on:
        return mentorship.starts_on, mentorship.ends_on
    return shifted_term(mentorship.starts_on, mentorship.ends_on, order.starts_on)


def _order_items(order, mentorships) -> list:
    if order.kind == OrderKind.ASSIGN_MENTOR and mentorships:
        return [
            Paragraph(_("Assign the mentors according to the list:")),
            Table(
                [_("No."), _("Mentor"), _("Mentee"), _("Kind of mentoring"), _("Term")],
                [
                    [
                        str(n),
                        _person(m.mentor),
                        _person(m.mentee),
                        str(MentoringKind(m.kind).label),
                        term_in_words(*_ordered_term(order, m)),
                    ]
                    for n, m in enumerate(mentorships, 1)
                ],
            ),
        ]
    if order.kind == OrderKind.TERMINATE_MENTOR and mentorships:
        return _termination_items(order, mentorships)
    return []


def _termination_items(order, mentorships) -> list:
    """Labour Code art. 351.8 part 3 on paper: the last day of mentoring, who ended it, and
    when and to whom notice was given; in a replacement (5.2), the new mentors from the next
    day (a mentorship of the list that starts after the last day is one the order assigns)."""
    last_day = date_in_words(order.effective_on) if order.effective_on else BLANK
    notice = date_in_words(order.notice_given_on) if order.notice_given_on else BLANK
    ending = [
        m for m in mentorships if not (order.effective_on and m.starts_on > order.effective_on)
    ]
    starting = [m for m in mentorships if m not in ending]
    blocks = [
        Paragraph(
            _("End the mentorships of the list early; the last day of mentoring is %(date)s:")
            % {"date": last_day}
        ),
        Table(
            [_("No."), _("Mentor"), _("Mentee"), _("Kind of mentoring")],
            [
                [str(n), _person(m.mentor), _person(m.mentee), str(MentoringKind(m.kind).label)]
                for n, m in enumerate(ending, 1)
            ],
        ),
        Paragraph(
            _("Ground: %(initiator)s. Notice given on %(notice)s (to: %(whom)s).")
            % {
                "initiator": str(order.get_initiated_by_display()).lower() or BLANK,
                "notice": notice,
                "whom": order.notice_given_to or BLANK,
            }
        ),
    ]
    if starting:
        blocks += [
            Paragraph(_("Assign the new mentors according to the list:")),
            Table(
                [_("No."), _("Mentor"), _("Mentee"), _("Kind of mentoring"), _("Term")],
                [
                    [
                        str(n),
                        _person(m.mentor),
                        _person(m.mentee),
                        str(MentoringKind(m.kind).label),
                        term_in_words(m.starts_on, m.ends_on),
                    ]
                    for n, m in enumerate(starting, 1)
                ],
            ),
        ]
    return blocks


def _approval_sheet(order, data, moment=None) -> list:
    names = data.names_by_user
    title = order.registration or order.title
    as_of = [Paragraph(_("As of %(moment)s") % {"moment": _moment(moment)})] if moment else []
    return [
        Heading(_("APPROVAL SHEET"), new_page=True),
        Paragraph(_("of the order «%(order)s»") % {"order": title}),
        *as_of,
        Table(
            [_("No."), _("Approver"), _("Decision"), _("Date"), _("Comment")],
            [
                [
                    str(n),
                    names.get(visa.approver_id, ""),
                    visa.get_decision_display(),
                    _moment(visa.decided_at),
                    visa.comment,
                ]
                for n, visa in enumerate(data.visas, 1)
            ],
        ),
        Heading(_("Course of approval")),
        Table(
            [_("Date"), _("Who"), _("Action"), _("Comment")],
            [
                [
                    _moment(entry.timestamp),
                    names.get(entry.by_id, ""),
                    _transition_label(order, entry.transition),
                    entry.description or "",
                ]
                for entry in data.log
            ],
        ),
        Paragraph(_("Drafted by: %(name)s") % {"name": names.get(order.created_by_id, "")}),
    ]


def _transition_label(document, name: str) -> str:
    found = next((t for t in document.transitions() if t.name == name), None)
    return transitions.label(found) if found else name


# -- the written consents (2.1, 2.6) --------------------------------------------------------------

CONSENT_STATES = [
    MentorshipState.DRAFT,
    MentorshipState.AWAITING_CONSENT,
    MentorshipState.AWAITING_ORDER,
    MentorshipState.ACTIVE,
    MentorshipState.COMPLETED,
    MentorshipState.TERMINATED,
]


@paper(
    name="mentor_consent",
    label=gettext_lazy("Mentor's written consent"),
    model=Mentorship,
    states=CONSENT_STATES,
    readers=lambda mentorship, user: may_see_party(user, mentorship, mentorship.mentor),
)
def mentor_consent_sheet(mentorship: Mentorship, request=None) -> Sheet:
    """The mentor's written consent (2.6), prefilled for signature."""
    return _consent_sheet(
        mentorship,
        signer=mentorship.mentor,
        other=mentorship.mentee,
        role=mentorship.sides[0],
        other_role=mentorship.sides[1],
        consented_on=mentorship.mentor_consented_on,
        subtitle=_("to mentoring"),
        undertaking=_(
            "I have read the Regulation on mentoring and undertake to draft the individual "
            "plan with the mentee within five working days from the start of the term (4.1) "
            "and to report on its results (6.1)."
        ),
    )


@paper(
    name="mentee_consent",
    label=gettext_lazy("Mentee's written consent"),
    model=Mentorship,
    states=CONSENT_STATES,
    readers=lambda mentorship, user: may_see_party(user, mentorship, mentorship.mentee),
)
def mentee_consent_sheet(mentorship: Mentorship, request=None) -> Sheet:
    """The mentee's consent to be assigned this mentor (mutual consent, 2.1)."""
    return _consent_sheet(
        mentorship,
        signer=mentorship.mentee,
        other=mentorship.mentor,
        role=mentorship.sides[1],
        other_role=mentorship.sides[0],
        consented_on=mentorship.mentee_consented_on,
        subtitle=_("to the assignment of a mentor"),
        undertaking=_(
            "I have read the Regulation on mentoring and undertake to follow the individual "
            "plan and to fill in the evaluation questionnaire at the end of the term (6.1)."
        ),
    )


def _consent_sheet(
    mentorship, *, signer, other, role, other_role, consented_on, subtitle, undertaking
) -> Sheet:
    organisation = mentorship.organisation
    return Sheet(
        title=_("WRITTEN CONSENT"),
        subtitle=subtitle,
        filename=f"consent-{mentorship.pk}-{signer.pk}",
        addressee=[
            _("To the head of"),
            grammar.phrase(organisation.full_name, Case.GENITIVE),
            _("from %(name)s, %(position)s")
            % {
                "name": grammar.full_name(signer, Case.GENITIVE),
                "position": grammar.phrase(signer.position, Case.GENITIVE),
            },
        ],
        blocks=[
            Paragraph(
                _(
                    "I, %(name)s, agree to take part in mentoring on the following terms, in "
                    "accordance with clauses 2.1 and 2.6 of the Regulation on mentoring in the "
                    "municipal education system of the Yurga urban district:"
                )
                % {"name": signer.full_name}
            ),
            Fields(
                [
                    (_("Kind of mentoring"), str(MentoringKind(mentorship.kind).label)),
                    (_("My role"), str(role)),
                    (str(other_role).capitalize(), _person(other)),
                    (_("Organisation"), organisation.full_name),
                    (_("Term"), term_in_words(mentorship.starts_on, mentorship.ends_on)),
                    (_("Goal and expected results"), mentorship.goal or BLANK),
                ]
            ),
            Paragraph(undertaking),
            Signature(
                _("Signature"),
                signer.short_name,
                date_in_words(consented_on) if consented_on else blank_date(),
            ),
        ],
    )


# -- the supplementary agreement to the employment contract (Labour Code art. 351.8 part 2) ----


@paper(
    name="mentor_agreement",
    label=gettext_lazy("Supplementary agreement to the employment contract"),
    model=Mentorship,
    states=CONSENT_STATES,
    readers=lambda mentorship, user: may_see_party(user, mentorship, mentorship.mentor),
)
def mentor_agreement_sheet(mentorship: Mentorship, request=None) -> Sheet:
    """The mentor's supplementary agreement to the employment contract (Labour Code art. 351.8
    part 2): the content of the mentoring, its term and form, prefilled from the mentorship;
    the contract's number and the payment are left for the employer to write in."""
    organisation, mentor = mentorship.organisation, mentorship.mentor
    mentee_side = mentorship.sides[1]
    head = organisation_head(organisation)
    return Sheet(
        title=_("SUPPLEMENTARY AGREEMENT"),
        subtitle=_("to the employment contract No. %(number)s of %(date)s")
        % {"number": BLANK, "date": blank_date()},
        filename=f"agreement-{mentorship.pk}",
        date=blank_date(),
        place=_("Yurga"),
        blocks=[
            Paragraph(
                _(
                    "%(employer)s (the employer), represented by its head %(head)s, and "
                    "%(name)s, %(position)s (the employee), have agreed under article 351.8 of "
                    "the Labour Code of the Russian Federation and the Regulation on mentoring "
                    "in the municipal education system of the Yurga urban district that the "
                    "employee, with their written consent, carries out mentoring:"
                )
                % {
                    "employer": organisation.full_name,
                    "head": grammar.full_name(head, Case.GENITIVE) if head else BLANK,
                    "name": mentor.full_name,
                    "position": mentor.position or BLANK,
                }
            ),
            Fields(
                [
                    (_("Form of mentoring"), str(MentoringKind(mentorship.kind).label)),
                    (_("Content of the work"), _agreement_content()),
                    (str(mentee_side).capitalize(), _person(mentorship.mentee)),
                    (_("Term"), term_in_words(mentorship.starts_on, mentorship.ends_on)),
                    (_("Goal and expected results"), mentorship.goal or BLANK),
                    (_("Payment for the mentoring"), BLANK),
                ]
            ),
            Paragraph(
                _(
                    "The mentoring may end before its term on the initiative of the employee "
                    "or of the employer, who notifies the other party in writing at least "
                    "three working days in advance (Labour Code art. 351.8 part 3). The "
                    "agreement takes effect on the day of the order on the assignment and is "
                    "an integral part of the employment contract."
                )
            ),
            Signature(_("Employer"), head.short_name if head else "", blank_date()),
            Signature(_("Employee"), mentor.short_name, blank_date()),
        ],
    )


def _agreement_content() -> str:
    """What the mentor undertakes, by the clauses of the Regulation."""
    return _(
        "to mentor the employee named below, to draft the individual plan with them within "
        "five working days from the start of the term (4.1), to carry it out and to report on "
        "its results within five working days after the term (6.1)"
    )


# -- the case file: plan, final report, questionnaire -----------------------------------------


def _case_fields(mentorship) -> Fields:
    """Who and when: the particulars every paper of a case file opens with."""
    mentor_side, mentee_side = mentorship.sides
    return Fields(
        [
            (_("Organisation"), mentorship.organisation.full_name),
            (_("Kind of mentoring"), str(MentoringKind(mentorship.kind).label)),
            (str(mentor_side).capitalize(), _person(mentorship.mentor)),
            (str(mentee_side).capitalize(), _person(mentorship.mentee)),
            (_("Term"), term_in_words(mentorship.starts_on, mentorship.ends_on)),
        ]
    )


def _case_signatures(mentorship, *, head=False) -> list[Signature]:
    mentor_side, mentee_side = mentorship.sides
    signatures = [
        Signature(str(mentor_side).capitalize(), mentorship.mentor.short_name, blank_date()),
        Signature(str(mentee_side).capitalize(), mentorship.mentee.short_name, blank_date()),
    ]
    if head:
        signatures.append(Signature(_("Head of the organisation"), "", blank_date()))
    return signatures


@paper(
    name="individual_plan",
    label=gettext_lazy("Individual plan"),
    model=IndividualPlan,
    states=PlanState.values,
)
def individual_plan_sheet(plan: IndividualPlan, request=None) -> Sheet:
    """The individual plan (4.1) with its activities, to be signed by both sides and approved."""
    mentorship = plan.mentorship
    items = list(plan.items.all())
    return Sheet(
        title=_("INDIVIDUAL MENTORING PLAN"),
        filename=f"plan-{plan.pk}",
        letterhead=[mentorship.organisation.full_name],
        watermark=_("DRAFT") if plan.state != PlanState.APPROVED else "",
        blocks=[
            _case_fields(mentorship),
            *([Heading(_("Tasks of mentoring")), *_paragraphs(plan.tasks)] if plan.tasks else []),
            Heading(_("Activities")),
            Table(
                [_("No."), _("Activity"), _("Form"), _("Due on"), _("Expected result"), _("Done")],
                [
                    [
                        str(number),
                        item.activity,
                        str(ActivityForm(item.form).label),
                        item.due_on.strftime("%d.%m.%Y"),
                        item.expected_result,
                        item.done_on.strftime("%d.%m.%Y") if item.done_on else "",
                    ]
                    for number, item in enumerate(items, start=1)
                ],
            ),
            *_case_signatures(mentorship, head=True),
        ],
    )


@paper(
    name="final_report", label=gettext_lazy("Final report"), model=Report, states=ReportState.values
)
def final_report_sheet(report: Report, request=None) -> Sheet:
    """The mentor's report on the results of mentoring against the criteria of clause 6.3."""
    mentorship = report.mentorship
    done, total = report.plan_items_done, report.plan_items_total
    criteria = [
        (Report._meta.get_field(name).verbose_name, getattr(report, name) or BLANK)
        for name in ("results_regulations", "results_motivation", "results_discipline")
    ]
    return Sheet(
        title=_("REPORT ON THE RESULTS OF MENTORING"),
        filename=f"report-{report.pk}",
        letterhead=[mentorship.organisation.full_name],
        watermark=_("DRAFT") if report.is_editable else "",
        blocks=[
            _case_fields(mentorship),
            Paragraph(
                _("Activities of the individual plan done: %(done)s of %(total)s.")
                % {"done": done, "total": total}
            ),
            Heading(_("Results against the criteria of clause 6.3")),
            Fields([(str(label).capitalize(), text) for label, text in criteria]),
            Heading(_("Recommendations")),
            *(_paragraphs(report.recommendations) or [Paragraph(BLANK)]),
            *_case_signatures(mentorship)[:1],
        ],
    )


@paper(
    name="questionnaire",
    label=gettext_lazy("Questionnaire answers"),
    model=Questionnaire,
    states=[QuestionnaireState.SUBMITTED],
)
def questionnaire_sheet(questionnaire: Questionnaire, request=None) -> Sheet:
    """The mentee's answers to the evaluation questionnaire (6.1), as handed in."""
    mentorship = questionnaire.mentorship
    rows = []
    for number, name in enumerate(Questionnaire.SCORES, start=1):
        score = getattr(questionnaire, name)
        rows.append(
            [
                str(number),
                str(Questionnaire._meta.get_field(name).verbose_name),
                str(Score(score).label) if score else "—",
            ]
        )
    return Sheet(
        title=_("MENTORING EVALUATION QUESTIONNAIRE"),
        filename=f"questionnaire-{questionnaire.pk}",
        letterhead=[mentorship.organisation.full_name],
        blocks=[
            _case_fields(mentorship),
            Table([_("No."), _("Statement"), _("Score")], rows),
            Heading(str(Questionnaire._meta.get_field("comment").verbose_name)),
            *(_paragraphs(questionnaire.comment) or [Paragraph("—")]),
            *_case_signatures(mentorship)[1:],
        ],
    )
