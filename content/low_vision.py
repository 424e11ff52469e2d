"""The version for the visually impaired as GOST R 52872-2019 describes it (section 7.1.1):
font size in three steps, a colour scheme among at least black on white, white on black and
dark blue on light blue, images on or off, and letter spacing; a reset returns to the
defaults. The choice lives in one cookie, ``low_vision``, whose value lists the settings
(``s2.cwb.i0.l1``), so that the public cache, which keys anonymous pages by that cookie, keeps
one copy per combination and needs no other change.
"""

from dataclasses import dataclass, replace

from django.utils.translation import pgettext_lazy

COOKIE = "low_vision"

SIZES = {
    "1": pgettext_lazy("low vision", "Large"),
    "2": pgettext_lazy("low vision", "Larger"),
    "3": pgettext_lazy("low vision", "Largest"),
}
SCHEMES = {
    "bw": pgettext_lazy("low vision", "Black on white"),
    "wb": pgettext_lazy("low vision", "White on black"),
    "blue": pgettext_lazy("low vision", "Dark blue on light blue"),
    "brown": pgettext_lazy("low vision", "Brown on beige"),
}
IMAGES = {
    "1": pgettext_lazy("low vision", "Images on"),
    "0": pgettext_lazy("low vision", "Images off"),
}
SPACINGS = {
    "0": pgettext_lazy("low vision", "Normal"),
    "1": pgettext_lazy("low vision", "Wide"),
    "2": pgettext_lazy("low vision", "Widest"),
}
# (name of the setting, its prefix in the cookie, its choices)
SETTINGS = (("size", "s", SIZES), ("scheme", "c", SCHEMES), ("images", "i", IMAGES),
            ("spacing", "l", SPACINGS))  # fmt: skip


@dataclass(frozen=True)
class LowVision:
    """One visitor's settings of the version for the visually impaired."""

    size: str = "2"
    scheme: str = "wb"
    images: str = "0"
    spacing: str = "0"

    @classmethod
    def from_cookie(cls, value: str | None) -> "LowVision | None":
        """The settings a cookie holds; ``None`` for the standard version. Unknown parts are
        ignored, so an old or a tampered cookie gives the defaults; ``on`` (the cookie of the
        earlier single preset) is the defaults too."""
        if not value:
            return None
        chosen = {}
        for part in value.split("."):
            for name, prefix, choices in SETTINGS:
                if part[:1] == prefix and part[1:] in choices:
                    chosen[name] = part[1:]
        return cls(**chosen)

    def with_params(self, params) -> "LowVision":
        """These settings changed by what a form sent (a choice it cannot mean is ignored)."""
        chosen = {
            name: params[name] for name, _prefix, choices in SETTINGS if params.get(name) in choices
        }
        return replace(self, **chosen)

    def cookie(self) -> str:
        return ".".join(f"{prefix}{getattr(self, name)}" for name, prefix, _ in SETTINGS)

    def css_classes(self) -> str:
        """The classes of ``<html>`` that the style sheet reads."""
        return "low-vision " + " ".join(
            f"lv-{name}-{getattr(self, name)}" for name, _prefix, _choices in SETTINGS
        )

    def panel(self) -> list[dict]:
        """The groups of the settings panel: each setting, its choices and which is current."""
        labels = {
            "size": pgettext_lazy("low vision", "Font size"),
            "scheme": pgettext_lazy("low vision", "Colour scheme"),
            "images": pgettext_lazy("low vision", "Images"),
            "spacing": pgettext_lazy("low vision", "Letter spacing"),
        }
        return [
            {
                "name": name,
                "label": labels[name],
                "choices": [
                    (value, label, value == getattr(self, name)) for value, label in choices.items()
                ],
            }
            for name, _prefix, choices in SETTINGS
        ]
