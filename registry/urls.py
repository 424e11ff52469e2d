"""The registry's fixed addresses: the open-data API and files. Its HTML pages are routes of
the registry page, wherever the page tree puts it (``content.RegistryPage``)."""

from django.urls import path, re_path

from registry import views
from registry.api import api
from registry.views import registry_export

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^registry/export\.(?P<extension>csv|xlsx)$", registry_export, name="registry_export"),
    path(
        "registry/export-excel.csv",
        views.registry_export_excel_csv,
        name="registry_export_excel_csv",
    ),
    path("opendata/", views.opendata_index, name="opendata_list"),
    path("opendata/list.csv", views.opendata_list, name="opendata_list_csv"),
    path("opendata/registry/meta.csv", views.opendata_meta, name="opendata_meta"),
    re_path(
        r"^opendata/registry/structure-(?P<date>[0-9]{8})\.csv$",
        views.opendata_structure,
        name="opendata_structure",
    ),
    re_path(
        r"^opendata/registry/data-(?P<date>[0-9]{8})-structure-(?P<structure>[0-9]{8})\.csv$",
        views.opendata_data,
        name="opendata_data",
    ),
]
