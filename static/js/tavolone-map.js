/* Tavolone maps: pins from a json_script element, OpenStreetMap tiles, popups built as text. */
(function () {
  "use strict";
  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    box.appendChild(link);
    if (point.neighbourhood) {
      var small = document.createElement("div");
      small.className = "small text-muted";
      small.textContent = point.neighbourhood;
      box.appendChild(small);
    }
    return box;
  }
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-tv-map"));
    var points = source ? JSON.parse(source.textContent) : [];
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
      }).addTo(map);
    }
    var markers = points.map(function (p) {
      return L.marker([p.lat, p.lon], { title: p.title }).bindPopup(popup(p));
    });
    if (!markers.length) {
      map.setView([45.4642, 9.19], 12); // Milan
      return;
    }
    var group = L.featureGroup(markers).addTo(map);
    var zoom = parseInt(el.getAttribute("data-zoom"), 10);
    if (markers.length === 1 || zoom) {
      map.setView(markers[0].getLatLng(), zoom || 15);
    } else {
      map.fitBounds(group.getBounds().pad(0.1));
    }
  }
  function start() {
    if (typeof L === "undefined") return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-tv-map]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
