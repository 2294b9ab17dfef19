from django.contrib import admin

from directory.models import (
    Location,
    Municipality,
    Offer,
    OpeningException,
    OpeningHours,
    Provider,
    Region,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province"]
    search_fields = ["name", "code"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    search_fields = ["name", "city"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "status", "verified_on", "is_demo"]
    list_filter = ["status", "kind", "is_demo"]
    search_fields = ["name"]
    autocomplete_fields = ["provider", "municipality", "extra_municipalities", "locations"]
    filter_horizontal = ["regions", "target_groups", "access_routes"]
