"""Map tiles and datums: which tile layer the public maps use, and where its streets are.

Coordinates are stored in WGS-84. Tianditu and OpenStreetMap draw their streets
in WGS-84 too; AutoNavi (Gaode) draws them in GCJ-02, the shifted datum
mandated for maps published in mainland China, so points shown on its tiles are
converted first or they land a few hundred metres off.
"""

import functools
import math
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

WGS84 = "wgs84"
GCJ02 = "gcj02"


@dataclass(frozen=True)
class TileLayer:
    url: str
    subdomains: str = ""
    max_zoom: int = 18


@dataclass(frozen=True)
class TilePreset:
    """A tile provider: its layers (drawn in order), the datum of its streets and its attribution."""

    name: str
    layers: tuple[TileLayer, ...]
    datum: str
    attribution: str
    needs_key: bool = False
    extra: dict = field(default_factory=dict)


def _tianditu(key: str) -> TilePreset:
    wmts = (
        "https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + key
    )
    return TilePreset(
        name="tianditu",
        layers=(
            TileLayer(wmts % ("vec", "vec"), subdomains="01234567"),
            TileLayer(wmts % ("cva", "cva"), subdomains="01234567"),
        ),
        datum=WGS84,
        attribution="© 天地图 Tianditu",
        needs_key=True,
    )


PRESETS = {
    "osm": lambda key: TilePreset(
        name="osm",
        layers=(TileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", max_zoom=19),),
        datum=WGS84,
        attribution="© OpenStreetMap contributors",
    ),
    "tianditu": _tianditu,
    "autonavi": lambda key: TilePreset(
        name="autonavi",
        layers=(
            TileLayer(
                "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
                subdomains="1234",
            ),
        ),
        datum=GCJ02,
        attribution="© 高德地图 AutoNavi",
    ),
}


@functools.cache
def tile_hosts(preset_name: str) -> tuple[str, ...]:
    """Where the tiles of ``preset_name`` come from, for the Content-Security-Policy's ``img-src``.

    A ``{s}`` subdomain becomes a wildcard: ``https://t{s}.tianditu.gov.cn`` → ``https://*.tianditu.gov.cn``.
    Reads no setting and is worked out once per preset: the security headers ask it on every request.
    """
    hosts = set()
    for layer in PRESETS[preset_name]("").layers:
        netloc = urlsplit(layer.url).netloc
        if "{s}" in netloc:
            netloc = "*." + netloc.split(".", 1)[1]
        hosts.add(f"https://{netloc}")
    return tuple(sorted(hosts))


def current_preset() -> TilePreset:
    """The preset named by ``MAP_TILE_PRESET``, checked for its key."""
    name = settings.MAP_TILE_PRESET
    if name not in PRESETS:
        raise ImproperlyConfigured(f"MAP_TILE_PRESET must be one of {', '.join(PRESETS)}, not {name!r}.")
    preset = PRESETS[name](settings.TIANDITU_KEY)
    if preset.needs_key and not settings.TIANDITU_KEY:
        raise ImproperlyConfigured("MAP_TILE_PRESET=tianditu needs TIANDITU_KEY.")
    return preset


def tile_config() -> dict:
    """What the map script needs to draw the tiles, ready for ``json_script``."""
    preset = current_preset()
    attribution = preset.attribution
    if settings.MAP_REVIEW_NUMBER:
        attribution = f"{attribution} · {_('Map review number')} {settings.MAP_REVIEW_NUMBER}"
    return {
        "preset": preset.name,
        "layers": [
            {"url": layer.url, "subdomains": layer.subdomains, "maxZoom": layer.max_zoom} for layer in preset.layers
        ],
        "attribution": str(attribution),
    }


# --- WGS-84 → GCJ-02 ------------------------------------------------------------
# The published approximation of the GCJ-02 offset (Krasovsky 1940 ellipsoid).

_A = 6378245.0
_EE = 0.00669342162296594323


def _outside_china(lat: float, lng: float) -> bool:
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _shift_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """A WGS-84 point as GCJ-02; points outside China are returned unchanged."""
    if _outside_china(lat, lng):
        return lat, lng
    d_lat = _shift_lat(lng - 105.0, lat - 35.0)
    d_lng = _shift_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def to_map_datum(lat: float, lng: float, datum: str) -> tuple[float, float]:
    """A stored WGS-84 point in the datum of the tiles it is drawn on, rounded to about a metre."""
    if datum == GCJ02:
        lat, lng = wgs84_to_gcj02(lat, lng)
    return round(lat, 6), round(lng, 6)
