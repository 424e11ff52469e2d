"""The registry's fixed addresses: the open-data API and files. Its HTML pages are routes of
the registry page, wherever the page tree puts it (``content.RegistryPage``)."""

from django.urls import path, re_path

from registry.api import api
from registry.views import registry_export

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^registry/export\.(?P<extension>csv|xlsx)$", registry_export, name="registry_export"),
]
