"""StreamField blocks: the shared body of every page and the structure of the regulation.

Every block is plain text or Wagtail's rich text; there is deliberately no raw-HTML block, so
an editor cannot break the page's accessibility or inject markup.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

# Clause numbers as the regulation writes them: «2.4».
CLAUSE_NUMBER = RegexValidator(r"^\d+\.\d+$", _("Write the clause number as 2.4."))
INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
PARAGRAPH_FEATURES = [*INLINE_FEATURES, "ol", "ul"]


def published_regulation():
    """The live regulation page, or None; looked up by name because the models import blocks."""
    model = apps.get_model("content", "RegulationPage")
    return model.objects.live().first()


def clause_anchor(number: str) -> str:
    """The stable HTML id of a clause: «2.4» → «p-2-4»."""
    return "p-" + number.replace(".", "-")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A heading that structures the page for screen readers and the eye.")
        preview_value = {"text": "Как составить индивидуальный план", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")
        description = _("A quotation with its source.")
        preview_value = {
            "text": "Наставник — опытный педагогический работник, готовый делиться своим опытом.",
            "attribution": "Положение о наставничестве, п. 2.1",
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link.html"
        label = _("Document")
        description = _("A link to an uploaded document with its format and size.")
        preview_value = {"title": "Форма индивидуального плана наставничества"}


class ClauseReferenceBlock(blocks.StructBlock):
    clause = blocks.CharBlock(label=_("clause"), max_length=10, validators=[CLAUSE_NUMBER])
    summary = blocks.CharBlock(label=_("what the clause says"), required=False, max_length=300)

    class Meta:
        icon = "link"
        template = "blocks/clause_reference.html"
        label = _("Clause of the regulation")
        description = _("A link to a numbered clause of the regulation.")
        preview_value = {"clause": "2.4", "summary": "срок наставничества — от 6 месяцев до 3 лет"}

    def clean(self, value):
        value = super().clean(value)
        regulation = published_regulation()
        if regulation and value["clause"] not in regulation.clause_numbers():
            raise blocks.StructBlockValidationError(
                {"clause": ValidationError(_("The regulation has no such clause."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["regulation"] = published_regulation()
        context["anchor"] = clause_anchor(value["clause"])
        return context


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("tone"),
        choices=[("info", _("For information")), ("important", _("Important"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("text"), features=INLINE_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Call-out")
        description = _("A framed note that draws attention to a deadline or a rule.")
        preview_value = {
            "tone": "important",
            "title": "Срок",
            "text": "<p>Индивидуальный план составляется в течение пяти рабочих дней.</p>",
        }


class ContentBlock(blocks.StreamBlock):
    """The body of every page: the same small set of blocks everywhere."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        description=_("Text with emphasis, links and lists."),
        preview_value="<p>Наставничество помогает молодому педагогу войти в профессию.</p>",
    )
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    clause_reference = ClauseReferenceBlock()
    callout = CalloutBlock()


class ClauseContentBlock(blocks.StreamBlock):
    """The text of one clause: paragraphs and bulleted lists, as the regulation has them."""

    paragraph = blocks.TextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        description=_("A paragraph of the clause."),
        preview_value="Наставничество осуществляется в целях минимизации периода адаптации.",
    )
    items = blocks.ListBlock(
        blocks.TextBlock(label=_("item")),
        label=_("List"),
        icon="list-ul",
        description=_("A bulleted list of the clause."),
        preview_value=["в информационном содействии и подборе наставника;"],
        template="blocks/clause_items.html",
    )


CLAUSE_PREVIEW = {
    "number": "2.4",
    "content": [
        {
            "type": "paragraph",
            "value": "Срок осуществления наставничества устанавливается "
            "продолжительностью от шести месяцев до 3 лет.",
        }
    ],
}


class ClauseBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("number"), max_length=10, validators=[CLAUSE_NUMBER])
    content = ClauseContentBlock(label=_("text"))

    class Meta:
        icon = "list-ol"
        template = "blocks/clause.html"
        label = _("Clause")
        description = _("A numbered clause; its anchor (#p-2-4) never changes.")
        preview_value = CLAUSE_PREVIEW

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = clause_anchor(value["number"])
        return context


class SectionBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("number"), max_length=10, help_text=_("Roman: II"))
    title = blocks.CharBlock(label=_("title"), max_length=300)
    clauses = blocks.ListBlock(ClauseBlock(), label=_("clauses"))

    class Meta:
        icon = "folder-open-inverse"
        template = "blocks/section.html"
        label = _("Section")
        description = _("A section of the regulation (I–VI) with its clauses.")
        preview_value = {
            "number": "VI",
            "title": "Завершение наставничества",
            "clauses": [CLAUSE_PREVIEW],
        }


class RegulationBlock(blocks.StreamBlock):
    """The regulation: its sections in order."""

    section = SectionBlock()
