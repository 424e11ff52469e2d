"""The public registry of «Ментор» and «Тьютор» statuses (152-ФЗ art. 10.1): its list, pages,
exports, API, verification, importer and paper. It reads the models of ``workflows``."""
