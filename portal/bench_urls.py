from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """The baseline: what the server, middleware and network cost without our code."""
    return HttpResponse("ok")


urlpatterns = [path("_bench/ok/", trivial), *site_urlpatterns]
