/*
 * The public maps: a belt's route through its numbered beads, or every belt of the city.
 * Reads the data the page embeds (#map-data, from json_script) and draws it with Leaflet; the city
 * map fetches its sites from the address the page names, and clusters them (Leaflet.markercluster).
 * Markers and routes are vectors, so they stay when the tile servers cannot be reached;
 * all text goes in through textContent, never as HTML.
 */
(function () {
  "use strict";

  var container = document.getElementById("map");
  var dataNode = document.getElementById("map-data");
  if (!container || !dataNode || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var belts = data.belts || [];
  var ROUTE_COLOURS = ["#b71c1c", "#0b5394", "#38761d", "#7f6000", "#741b47", "#134f5c"];
  // Where the map looks before, or without, any bead to show: the city centre of Fuzhou.
  var CITY_CENTRE = [26.07, 119.3];

  var map = L.map(container, { scrollWheelZoom: false, tap: true, attributionControl: true, zoomControl: false });
  map.attributionControl.setPrefix(false);
  // Leaflet names its buttons in English; the page's language names them here.
  L.control
    .zoom({
      zoomInTitle: container.getAttribute("data-zoom-in"),
      zoomOutTitle: container.getAttribute("data-zoom-out"),
    })
    .addTo(map);
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", container.getAttribute("data-close-popup"));
      close.setAttribute("title", container.getAttribute("data-close-popup"));
    }
  });
  container.classList.add("map-ready");

  var failedTiles = 0;
  (data.tiles.layers || []).forEach(function (layer, index) {
    var tiles = L.tileLayer(layer.url, {
      subdomains: layer.subdomains || "abc",
      maxZoom: layer.maxZoom || 18,
      attribution: index === 0 ? escapeText(data.tiles.attribution) : "",
    });
    tiles.on("tileerror", function () {
      failedTiles += 1;
      if (failedTiles === 1) {
        container.classList.add("tiles-failed");
        showNotice(container.getAttribute("data-no-tiles"));
      }
    });
    tiles.addTo(map);
  });

  if (data.points_url) {
    // The city map: every site, loaded after the page and gathered into clusters when zoomed out.
    map.setView(CITY_CENTRE, 8);
    fetch(data.points_url, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (points) {
        draw(beltsFromPoints(points));
      })
      .catch(function () {
        showNotice(container.getAttribute("data-no-points"));
      });
  } else {
    draw(belts);
  }

  // [belt index, sequence, id, name, status, lat, lng] rows, as the city map receives them, grouped per belt.
  function beltsFromPoints(points) {
    var grouped = points.belts.map(function (belt) {
      return { name: belt.name, url: belt.url, sites: [] };
    });
    points.sites.forEach(function (row) {
      grouped[row[0]].sites.push({ n: row[1], url: "/sites/" + row[2] + "/", name: row[3], status: row[4], lat: row[5], lng: row[6] });
    });
    return grouped;
  }

  function draw(beltsToDraw) {
    var bounds = [];
    var layer = map;
    if (data.cluster && typeof L.markerClusterGroup === "function") {
      layer = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 40,
        disableClusteringAtZoom: 14,
        chunkedLoading: true,
        iconCreateFunction: function (cluster) {
          var count = cluster.getChildCount();
          return L.divIcon({ className: "bead-cluster", html: "<span>" + Number(count) + "</span>", iconSize: [38, 38] });
        },
      });
    }
    beltsToDraw.forEach(function (belt, beltIndex) {
      var colour = ROUTE_COLOURS[beltIndex % ROUTE_COLOURS.length];
      var points = belt.sites.map(function (site) {
        return [site.lat, site.lng];
      });
      if (points.length > 1) {
        L.polyline(points, { color: colour, weight: 4, opacity: 0.85, className: "route" }).addTo(map);
      }
      belt.sites.forEach(function (site) {
        var marker = L.marker([site.lat, site.lng], {
          icon: L.divIcon({
            className: "bead-marker",
            html: "",
            iconSize: [28, 28],
            iconAnchor: [14, 14],
            popupAnchor: [0, -14],
          }),
          title: pad(site.n) + " " + site.name,
          alt: pad(site.n) + " " + site.name,
          keyboard: true,
        });
        marker.on("add", function () {
          var element = marker.getElement();
          element.textContent = pad(site.n);
          element.style.backgroundColor = colour;
          element.setAttribute("aria-label", pad(site.n) + " " + site.name);
          element.setAttribute("role", "button");
        });
        marker.bindPopup(popupFor(site, beltsToDraw.length > 1 ? belt : null));
        marker.addTo(layer);
        bounds.push([site.lat, site.lng]);
      });
    });
    // The view is set at once, before the clustered beads are drawn: they are drawn for it once,
    // not redrawn (and briefly deaf to taps) by a change of zoom just after.
    if (bounds.length === 1) {
      map.setView(bounds[0], 16, { animate: false });
    } else if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false });
    } else {
      map.setView(CITY_CENTRE, 11, { animate: false });
    }
    if (layer !== map) {
      layer.addTo(map);
    }
  }

  function popupFor(site, belt) {
    var box = document.createElement("div");
    box.className = "popup";
    var title = document.createElement("strong");
    title.textContent = pad(site.n) + " " + site.name;
    box.appendChild(title);
    if (belt) {
      var beltLine = document.createElement("div");
      beltLine.textContent = belt.name;
      box.appendChild(beltLine);
    }
    if (site.positioning) {
      var positioning = document.createElement("p");
      positioning.textContent = site.positioning;
      box.appendChild(positioning);
    }
    var status = document.createElement("div");
    status.className = "popup-status";
    status.textContent = site.status;
    box.appendChild(status);
    var link = document.createElement("a");
    link.href = site.url;
    link.textContent = container.getAttribute("data-open-site");
    box.appendChild(link);
    return box;
  }

  function showNotice(text) {
    var notice = document.createElement("p");
    notice.className = "map-notice";
    notice.setAttribute("role", "status");
    notice.textContent = text;
    container.parentNode.insertBefore(notice, container.nextSibling);
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }
})();
