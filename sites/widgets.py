"""The map picker under a site's latitude and longitude in the admin.

Staff place a site by clicking the map or dragging its marker; the two number
fields stay the way to type or correct a position by keyboard, and typing in
them moves the marker. Around it the map shows the other sites of the belt,
numbered, so that a new bead lands in its place on the route.

Coordinates are stored in WGS-84 and handed to the script in WGS-84; when the
tiles draw their streets in GCJ-02 (AutoNavi), the script shifts each point it
draws onto them and shifts a clicked point back before writing it into the
fields (``static/js/location-picker.js``, the same formula as ``belts.maps``).
"""

import copy

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.template.loader import render_to_string
from django.utils.html import format_html

from belts.maps import current_preset, tile_config
from belts.models import Belt, District
from sites.models import Site

# Where the map opens when nothing near the site has a location yet: Fuzhou, the portal's city.
DEFAULT_CENTRE = {"lat": 26.07, "lng": 119.30, "zoom": 11}
# Enough for every site of a few districts; the picker draws them as context, not as a list to read.
MAX_SITES = 500
LEAFLET = "vendor/leaflet-1.9.4/"


def location_picker_data(*, user, belt_id: int | None = None, site_id: int | None = None) -> dict:
    """What the picker draws around a site of ``belt_id``, in WGS-84, in one query.

    The located sites ``user`` may see in the belt's district and in the user's
    own districts (a district editor changing the belt still finds its sites),
    the belt's sites first, without the site itself, at most ``MAX_SITES``.
    ``district`` is the belt's district when any of them lies there, so the map
    can centre on the district while the belt has no located site.
    """
    near = Q(pk__in=[])
    if belt_id is not None:
        near |= Q(belts__pk=belt_id)
    if user.pk is not None:
        near |= Q(editors__pk=user.pk)
    near_districts = District.objects.filter(near).values("pk")
    belt_district = Belt.objects.filter(pk=belt_id).values("district_id")
    rank = Case(
        When(belt_id=belt_id, then=Value(0)),
        When(belt__district_id__in=belt_district, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rows = list(
        Site.objects.visible_to(user)
        .located()
        .filter(belt__district__in=near_districts)
        .exclude(pk=site_id)
        .annotate(rank=rank)
        .order_by("rank", "belt__district__code", "belt__name", "sequence", "pk")
        .values_list("belt_id", "belt__district_id", "sequence", "name", "latitude", "longitude", "rank")[:MAX_SITES]
    )
    return {
        "tiles": tile_config(),
        "datum": current_preset().datum,
        "centre": DEFAULT_CENTRE,
        "belt": belt_id,
        "district": rows[0][1] if rows and rows[0][6] <= 1 else None,
        "sites": [
            {"belt": belt, "district": district, "n": sequence, "name": name, "lat": float(lat), "lng": float(lng)}
            for belt, district, sequence, name, lat, lng, _rank in rows
        ],
    }


class LocationPickerWidget(forms.NumberInput):
    """The longitude's number input, followed by the map that fills in the latitude and the longitude.

    ``data`` is a callable returning ``location_picker_data(...)``; it is called
    only when the widget is drawn, so building the form costs no query.
    """

    picker_template_name = "widgets/location_picker.html"

    class Media:
        css = {"all": [f"{LEAFLET}leaflet.css"]}
        js = [f"{LEAFLET}leaflet.js", "js/location-picker.js"]

    def __init__(self, attrs=None, *, data=None, latitude_name="latitude", belt_name="belt"):
        super().__init__(attrs)
        self.data = data
        self.latitude_name = latitude_name
        self.belt_name = belt_name

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        input_id = {**self.attrs, **(attrs or {})}.get("id") or f"id_{name}"
        picker = render_to_string(
            self.picker_template_name,
            {
                "picker_id": f"{input_id}_picker",
                "data_id": f"{input_id}_picker_data",
                "latitude_name": self.latitude_name,
                "longitude_name": name,
                "belt_name": self.belt_name,
                "data": self.data() if self.data else {"centre": DEFAULT_CENTRE, "sites": []},
            },
        )
        return format_html("{}{}", field, picker)


def add_location_picker(form_class, *, request, site=None, latitude="latitude", longitude="longitude"):
    """Put the map picker under ``form_class``'s latitude and longitude fields, for ``request.user``.

    The belt the map centres on is the one chosen in the submitted form, in the
    add form's URL (``?belt=``) or the site's own. The form class is the one
    ``ModelAdmin.get_form`` has just built; its field is copied before its widget
    changes, so no field shared with another form is touched.
    """
    fields = form_class.base_fields
    if latitude not in fields or longitude not in fields:
        return form_class
    chosen = request.POST.get("belt") or request.GET.get("belt") or ""
    belt_id = int(chosen) if chosen.isdigit() else getattr(site, "belt_id", None)
    site_id = getattr(site, "pk", None)
    field = copy.deepcopy(fields[longitude])
    widget = LocationPickerWidget(
        attrs=field.widget.attrs,
        data=lambda: location_picker_data(user=request.user, belt_id=belt_id, site_id=site_id),
        latitude_name=latitude,
    )
    widget.is_required, widget.is_localized = field.widget.is_required, field.widget.is_localized
    field.widget = widget
    fields[longitude] = field
    return form_class


class LocationPickerAdminMixin:
    """For the site admin: the map picker under the latitude and longitude fields of its form."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return add_location_picker(form_class, request=request, site=obj)
