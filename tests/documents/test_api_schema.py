"""The API answers as its OpenAPI schema says, over every operation: schemathesis generates
requests from the schema (valid and invalid ones) and checks each answer against it."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from tests.documents.corpus import yangpu_and_changning

# The schema /api/schema/ serves, made without a request (none is needed to describe the API).
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture(autouse=True)
def corpus(db, settings):
    settings.GONGKAI_RATE_LIMITS = {}
    yangpu_and_changning()


@pytest.fixture(autouse=True)
def keep_the_tests_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction; Django's test client holds it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_api_operation_answers_as_its_schema_says(case):
    case.call_and_validate(app=get_wsgi_application())
