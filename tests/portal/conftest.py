# The people of one school's mentoring, for the route × role matrix.
from tests.workflows.conftest import cast, clock  # noqa: F401
