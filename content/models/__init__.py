"""Page types of the public portal, one module per subject, re-exported here for Django."""

from .base import BasePage, SiteDetails, SocialMediaSettings
from .home import HomePage
from .materials import MaterialDocument, MaterialIndexPage, MaterialPage, MaterialTopic
from .news import NewsIndexPage, NewsPage
from .registry import RegistryPage
from .regulation import RegulationPage
from .search import SearchPage
from .standard import StandardPage

__all__ = [
    "BasePage",
    "HomePage",
    "MaterialDocument",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialTopic",
    "NewsIndexPage",
    "NewsPage",
    "RegistryPage",
    "RegulationPage",
    "SearchPage",
    "SiteDetails",
    "SocialMediaSettings",
    "StandardPage",
]
