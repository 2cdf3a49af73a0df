/*
 * The map picker under a site's latitude and longitude in the admin (sites/widgets.py).
 *
 * Clicking the map or dragging the marker writes the point into the two number
 * fields (WGS-84, 6 decimals); typing in the fields moves the marker. The belt's
 * other sites are drawn as small numbered dots, and the map centres on them, else
 * on the district's sites, else on the city. Changing the belt redraws them.
 * Markers are vectors (divIcons), so the picker works when no tile loads.
 *
 * Stored points are WGS-84. When the tiles are GCJ-02 (AutoNavi), every point is
 * shifted onto the tiles before it is drawn and shifted back when it is picked.
 * All text goes in through textContent, never as HTML.
 */
(function () {
  "use strict";

  // --- WGS-84 <-> GCJ-02, the formula of belts/maps.py --------------------------------
  var A = 6378245.0;
  var EE = 0.00669342162296594323;

  function outsideChina(lat, lng) {
    return !(lng > 73.66 && lng < 135.05 && lat > 3.86 && lat < 53.55);
  }

  function shiftLat(x, y) {
    var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
    ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
    ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
    return ret;
  }

  function shiftLng(x, y) {
    var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
    ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
    ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
    return ret;
  }

  function wgs84ToGcj02(lat, lng) {
    if (outsideChina(lat, lng)) {
      return [lat, lng];
    }
    var dLat = shiftLat(lng - 105.0, lat - 35.0);
    var dLng = shiftLng(lng - 105.0, lat - 35.0);
    var radLat = (lat / 180.0) * Math.PI;
    var magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
    var sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
    dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
    return [lat + dLat, lng + dLng];
  }

  // The offset has no inverse formula; it changes slowly, so a few fixed-point
  // steps find the WGS-84 point whose shift lands on the picked one (to ~1e-9°).
  function gcj02ToWgs84(lat, lng) {
    var wgs = [lat, lng];
    for (var i = 0; i < 10; i++) {
      var shifted = wgs84ToGcj02(wgs[0], wgs[1]);
      var dLat = shifted[0] - lat;
      var dLng = shifted[1] - lng;
      wgs = [wgs[0] - dLat, wgs[1] - dLng];
      if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) {
        break;
      }
    }
    return wgs;
  }

  // For tests and other admin scripts; the picker itself needs nothing global.
  window.LocationPicker = { wgs84ToGcj02: wgs84ToGcj02, gcj02ToWgs84: gcj02ToWgs84 };

  // --- The picker ----------------------------------------------------------------------

  function setUp(picker) {
    var form = picker.closest("form");
    var source = document.getElementById(picker.getAttribute("data-source"));
    if (!form || !source || typeof L === "undefined") {
      return;
    }
    var latInput = form.elements[picker.getAttribute("data-latitude-field")];
    var lngInput = form.elements[picker.getAttribute("data-longitude-field")];
    var beltInput = form.elements[picker.getAttribute("data-belt-field")];
    if (!latInput || !lngInput) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var sites = data.sites || [];
    var gcj = data.datum === "gcj02";

    // Under the row of both fields, not squeezed into the longitude's box.
    var row = lngInput.closest(".form-row");
    if (row && row.parentNode) {
      row.parentNode.insertBefore(picker, row.nextSibling);
    }
    picker.hidden = false;

    var mapNode = picker.querySelector(".location-picker-map");
    var status = picker.querySelector(".location-picker-status");
    var map = L.map(mapNode, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
    map.attributionControl.setPrefix(false);
    L.control
      .zoom({ zoomInTitle: picker.dataset.zoomIn, zoomOutTitle: picker.dataset.zoomOut })
      .addTo(map);
    addTiles();

    var others = L.layerGroup().addTo(map);
    var marker = null;

    function toMap(point) {
      return gcj ? wgs84ToGcj02(point[0], point[1]) : point;
    }

    function fromMap(latlng) {
      var wrapped = latlng.wrap();
      return gcj ? gcj02ToWgs84(wrapped.lat, wrapped.lng) : [wrapped.lat, wrapped.lng];
    }

    function typedPoint() {
      var lat = parseFloat(latInput.value);
      var lng = parseFloat(lngInput.value);
      if (isNaN(lat) || isNaN(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        return null;
      }
      return [lat, lng];
    }

    function selectedBelt() {
      if (!beltInput || !beltInput.value) {
        return data.belt;
      }
      return parseInt(beltInput.value, 10);
    }

    function beltSites(belt) {
      return sites.filter(function (site) {
        return site.belt === belt;
      });
    }

    function districtOf(belt) {
      var found = beltSites(belt)[0];
      if (found) {
        return found.district;
      }
      return belt === data.belt ? data.district : null;
    }

    function drawOthers() {
      others.clearLayers();
      beltSites(selectedBelt()).forEach(function (site) {
        var label = picker
          .getAttribute("data-site-label")
          .replace("{n}", pad(site.n))
          .replace("{name}", site.name);
        var dot = L.marker(toMap([site.lat, site.lng]), {
          icon: L.divIcon({ className: "location-picker-site", html: "", iconSize: [22, 22], iconAnchor: [11, 11] }),
          interactive: false,
          keyboard: false,
        });
        dot.on("add", function () {
          var element = dot.getElement();
          element.textContent = pad(site.n);
          element.setAttribute("title", label);
          element.setAttribute("aria-hidden", "true");
        });
        dot.addTo(others);
      });
    }

    function placeMarker(point) {
      if (!point) {
        if (marker) {
          marker.remove();
          marker = null;
        }
        return;
      }
      if (!marker) {
        var label = picker.getAttribute("data-marker-label");
        marker = L.marker(toMap(point), {
          icon: L.divIcon({ className: "location-picker-marker", html: "", iconSize: [26, 26], iconAnchor: [13, 13] }),
          draggable: true,
          keyboard: true,
          title: label,
          alt: label,
          zIndexOffset: 1000,
        });
        marker.on("dragend", function () {
          pick(fromMap(marker.getLatLng()));
        });
        marker.addTo(map);
      } else {
        marker.setLatLng(toMap(point));
      }
    }

    function pick(point) {
      latInput.value = point[0].toFixed(6);
      lngInput.value = point[1].toFixed(6);
      placeMarker([parseFloat(latInput.value), parseFloat(lngInput.value)]);
      status.textContent = picker
        .getAttribute("data-set-message")
        .replace("{lat}", latInput.value)
        .replace("{lng}", lngInput.value);
    }

    // The site and the belt's other sites, else the district's sites, else the city.
    function frame() {
      var points = beltSites(selectedBelt()).map(function (site) {
        return [site.lat, site.lng];
      });
      var own = typedPoint();
      if (own) {
        points.push(own);
      }
      var maxZoom = 16;
      if (!points.length) {
        var district = districtOf(selectedBelt());
        points = sites
          .filter(function (site) {
            return district !== null && site.district === district;
          })
          .map(function (site) {
            return [site.lat, site.lng];
          });
        maxZoom = 14;
      }
      if (points.length === 1) {
        map.setView(toMap(points[0]), maxZoom);
      } else if (points.length > 1) {
        map.fitBounds(points.map(toMap), { padding: [24, 24], maxZoom: maxZoom });
      } else {
        map.setView(toMap([data.centre.lat, data.centre.lng]), data.centre.zoom);
      }
    }

    function addTiles() {
      var failed = 0;
      var tiles = data.tiles || { layers: [] };
      (tiles.layers || []).forEach(function (layer, index) {
        var tileLayer = L.tileLayer(layer.url, {
          subdomains: layer.subdomains || "abc",
          maxZoom: layer.maxZoom || 18,
          attribution: index === 0 ? escapeText(tiles.attribution) : "",
        });
        tileLayer.on("tileerror", function () {
          failed += 1;
          if (failed === 1) {
            mapNode.classList.add("tiles-failed");
            var notice = document.createElement("p");
            notice.className = "help location-picker-notice";
            notice.textContent = picker.getAttribute("data-no-tiles");
            mapNode.parentNode.insertBefore(notice, mapNode.nextSibling);
          }
        });
        tileLayer.addTo(map);
      });
    }

    map.on("click", function (event) {
      pick(fromMap(event.latlng));
    });

    function followFields() {
      placeMarker(typedPoint());
      if (marker && !map.getBounds().contains(marker.getLatLng())) {
        map.panTo(marker.getLatLng());
      }
    }
    ["input", "change"].forEach(function (type) {
      latInput.addEventListener(type, followFields);
      lngInput.addEventListener(type, followFields);
    });

    function beltChanged() {
      drawOthers();
      frame();
    }
    if (beltInput) {
      beltInput.addEventListener("change", beltChanged);
      // The admin's autocomplete (select2) announces a choice through jQuery only.
      if (window.django && window.django.jQuery) {
        window.django.jQuery(beltInput).on("change", beltChanged);
      }
    }

    placeMarker(typedPoint());
    drawOthers();
    frame();
    picker.classList.add("location-picker-ready");
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".location-picker"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
