from .pages import BasePage
from .settings import SiteSettings
from .snippets import Organisation, Person

__all__ = ["BasePage", "Organisation", "Person", "SiteSettings"]
