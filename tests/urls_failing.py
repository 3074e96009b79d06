"""A URLconf for tests/security/test_security.py: the real one plus a view that fails, to see the 500 page."""

from django.urls import path

from elca.urls import urlpatterns as real_urlpatterns


def broken(request):
    raise RuntimeError("DATABASES secret stack detail")


urlpatterns = [*real_urlpatterns, path("broken/", broken)]
