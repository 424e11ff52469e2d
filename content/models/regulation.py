"""The regulation on mentoring as structured text."""

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import RegulationBlock, clause_anchor
from content.models.base import BasePage
from workflows.paper.base import Heading, Paragraph, Sheet
from workflows.paper.pdf import render_pdf


class RegulationPage(RoutablePageMixin, BasePage):
    """The regulation on mentoring as sections and numbered clauses with stable anchors."""

    lead = models.TextField(_("lead"), blank=True)
    full_title = models.CharField(
        _("full title"),
        max_length=255,
        blank=True,
        help_text=_(
            "The document's own title, shown as its heading; the page title stays short for "
            "the menu and the breadcrumbs."
        ),
    )
    approved_by = models.CharField(
        _("approved by"),
        max_length=255,
        blank=True,
        help_text=_("Who approved the regulation, e.g. «приказом Управления образования»."),
    )
    approval_number = models.CharField(
        _("number of the approving order"), max_length=50, blank=True
    )
    approval_date = models.DateField(_("date of the approving order"), null=True, blank=True)
    sections = StreamField(RegulationBlock(), verbose_name=_("sections"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("full_title"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("approved_by"), FieldPanel("approval_number"), FieldPanel("approval_date")],
            heading=_("Approval"),
        ),
        FieldPanel("sections"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("sections")]

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("regulation")

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("pdf/")
    def pdf_route(self, request):
        """The regulation on A4, laid out by the same WeasyPrint machinery as the papers."""
        response = HttpResponse(
            render_pdf(self.sheet(), "content/regulation_paper.html"),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="{self.slug}.pdf"'
        return response

    @property
    def heading(self) -> str:
        return self.full_title or self.title

    def approval(self) -> str:
        """«Утверждено приказом … от 01.09.2025 № 123», from the approval fields."""
        if not self.approved_by:
            return ""
        parts = [gettext("Approved %(by)s") % {"by": self.approved_by}]
        if self.approval_date:
            parts.append(gettext("of %(date)s") % {"date": f"{self.approval_date:%d.%m.%Y}"})
        if self.approval_number:
            parts.append(f"№ {self.approval_number}")
        return " ".join(parts)

    def sheet(self) -> Sheet:
        """The regulation as a paper: its sections as headings, its clauses as paragraphs."""
        blocks = []
        for section in self.sections:
            blocks.append(Heading(f"{section.value['number']}. {section.value['title']}"))
            for clause in section.value["clauses"]:
                prefix = f"{clause['number']}. "
                for part in clause["content"]:
                    if part.block_type == "paragraph":
                        blocks.append(Paragraph(prefix + str(part.value)))
                    else:
                        blocks += [Paragraph(f"— {item}") for item in part.value]
                    prefix = ""
        return Sheet(
            title=self.heading, subtitle=self.approval(), filename=self.slug, blocks=blocks
        )

    def table_of_contents(self) -> list[dict]:
        """Sections with the anchors of their clauses, for the contents list."""
        return [
            {
                "number": section.value["number"],
                "title": section.value["title"],
                "clauses": [
                    (clause["number"], clause_anchor(clause["number"]))
                    for clause in section.value["clauses"]
                ],
            }
            for section in self.sections
        ]

    def clause_numbers(self) -> set[str]:
        return {
            clause["number"] for section in self.sections for clause in section.value["clauses"]
        }

    def structure(self) -> list[dict]:
        """The text as plain data, in the importer's shape: what "the text changed" compares."""
        return [
            {
                "number": section.value["number"],
                "title": section.value["title"],
                "clauses": [
                    {
                        "number": clause["number"],
                        "content": [
                            {"type": part.block_type, "value": _plain(part.value)}
                            for part in clause["content"]
                        ],
                    }
                    for clause in section.value["clauses"]
                ],
            }
            for section in self.sections
        ]


def _plain(value):
    """A clause part's value as the importer builds it: a string or a list of strings."""
    return value if isinstance(value, str) else list(value)
