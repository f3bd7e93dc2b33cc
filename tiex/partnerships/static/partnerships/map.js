// The Shared Services Map (templates/partnerships/_map.html; docs/partnerships.md, "The map").
// Progressive enhancement only: without this file the page shows a static map and the list.
//
// 1. Fetches the filtered partnerships as GeoJSON (data-data-url: the page's own filters) and
//    draws one focusable marker per partnership, at the middle of its councils' centroids.
//    The draw is timed with performance marks ("ssm-map-draw"; benchmarks/map.py reads it).
// 2. Then loads the council boundaries (data-boundaries-url, a versioned, long-cached file) as
//    the base layer. There are no map tiles: no third-party requests.
// 3. Choosing a partnership (click, Enter or Space on its marker, or its "Show on map" button in
//    the list) highlights its councils' areas and opens a panel with its councils, savings to
//    date and a link to its page; Escape or "Close" closes it and returns focus.
// 4. Choosing an area (click) lists its region's partnerships: the page reloads with ?region=.
const L = window.L;
const root = document.querySelector("[data-ssm-map]");

const HIGHLIGHT = { fillColor: "#4c2c92", fillOpacity: 0.75, color: "#0b0c0c", weight: 2 };
const AREA = { fillColor: "#ffffff", fillOpacity: 1, color: "#6f777b", weight: 0.6 };
const ENGLAND = [
  [49.8, -6.5],
  [55.9, 2.1],
];
const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// The middle of a MultiPoint's positions as [lat, lon], or null.
function middle(geometry) {
  const points = (geometry && geometry.type === "MultiPoint" && geometry.coordinates) || [];
  if (!points.length) return null;
  let lon = 0;
  let lat = 0;
  for (const [x, y] of points) {
    lon += x;
    lat += y;
  }
  return [lat / points.length, lon / points.length];
}

// Partnerships of the same councils share a position; spread them on a small spiral so
// each can be pointed at (keyboard users reach every one by Tab in any case).
function spread(positions) {
  const seen = new Map();
  return positions.map((position) => {
    if (!position) return null;
    const key = `${position[0].toFixed(3)},${position[1].toFixed(3)}`;
    const index = seen.get(key) || 0;
    seen.set(key, index + 1);
    if (!index) return position;
    const angle = index * 2.4;
    const radius = 0.012 * Math.sqrt(index);
    return [position[0] + radius * Math.sin(angle), position[1] + (radius * Math.cos(angle)) / 0.6];
  });
}

class PartnershipMap {
  constructor(container, canvas, panel) {
    this.container = container;
    this.canvas = canvas;
    this.panel = panel;
    this.markers = new Map(); // id -> {element, latLng}
    this.features = new Map(); // id -> feature
    this.areas = new Map(); // area code -> layer
    this.covers = {};
    this.highlighted = [];
    this.chosen = null;
    this.returnFocus = null;
  }

  start() {
    this.canvas.hidden = false;
    this.map = L.map(this.canvas, {
      keyboard: true,
      zoomSnap: 0.25,
      zoomAnimation: false, // the markers are placed again after each zoom (place())
      minZoom: 5,
      maxZoom: 12,
      maxBounds: [
        [48.5, -9],
        [57, 4],
      ],
      attributionControl: false,
    });
    this.map.fitBounds(ENGLAND);
    L.control
      .attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' })
      .addAttribution("Boundaries: ONS, OGL v3.0; contains OS data © Crown copyright and database right")
      .addTo(this.map);
    const mapElement = this.map.getContainer();
    mapElement.setAttribute("role", "region");
    mapElement.setAttribute("aria-label", "Map of the partnerships: arrow keys move it, plus and minus zoom");
    mapElement.setAttribute("aria-describedby", "ssm-map-summary");
    this.map.createPane("areas").style.zIndex = 350;
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.panel.hidden) this.close();
    });
  }

  draw(collection) {
    performance.mark("ssm-map-draw-start");
    const features = (collection && collection.features) || [];
    const positions = spread(features.map((feature) => middle(feature.geometry)));
    const bounds = positions.filter(Boolean);
    // Frame the partnerships first, so the markers are placed once.
    if (bounds.length) this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10, animate: false });
    // One element per partnership, built off the page and added in one go; the marker
    // pane listens once for all of them (listen()). Leaflet's own L.marker costs several
    // times as much per marker, most of it in listeners of its own.
    const template = document.createElement("div");
    template.className = "tiex-ssm-marker leaflet-marker-icon";
    template.tabIndex = 0;
    template.setAttribute("role", "button");
    const fragment = document.createDocumentFragment();
    features.forEach((feature, index) => {
      const properties = feature.properties || {};
      const id = String(properties.id);
      this.features.set(id, feature);
      const position = positions[index];
      if (!position) return;
      const icon = template.cloneNode(false);
      icon.dataset.ssmId = id;
      icon.setAttribute("aria-label", `${properties.name}: show its councils and savings`);
      fragment.append(icon);
      this.markers.set(id, { element: icon, latLng: L.latLng(position) });
    });
    this.place();
    this.map.getPane("markerPane").append(fragment);
    this.map.on("zoomend viewreset", () => this.place());
    performance.mark("ssm-map-draw-end");
    performance.measure("ssm-map-draw", "ssm-map-draw-start", "ssm-map-draw-end");
    // Resolves after the next frame is laid out and painted: the time a visitor waits.
    return new Promise((resolve) =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.mark("ssm-map-painted");
          performance.measure("ssm-map-draw-painted", "ssm-map-draw-start", "ssm-map-painted");
          this.container.dataset.ssmDrawn = String(this.markers.size);
          resolve();
        }, 0),
      ),
    );
  }

  // Put every marker at its place in the map's layer coordinates (centred on its 24px box).
  place() {
    for (const { element, latLng } of this.markers.values()) {
      const point = this.map.latLngToLayerPoint(latLng);
      element.style.transform = `translate3d(${point.x - 12}px, ${point.y - 12}px, 0)`;
    }
  }

  // One set of listeners for every marker (event delegation on the marker pane).
  listen() {
    const pane = this.map.getPane("markerPane");
    const target = (event) => event.target.closest && event.target.closest("[data-ssm-id]");
    L.DomEvent.on(pane, "click", (event) => {
      const icon = target(event);
      if (icon) {
        L.DomEvent.stopPropagation(event);
        this.choose(icon.dataset.ssmId, icon);
      }
    });
    L.DomEvent.on(pane, "keydown", (event) => {
      const icon = target(event);
      if (icon && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        L.DomEvent.stopPropagation(event);
        this.choose(icon.dataset.ssmId, icon);
      }
    });
    // A marker reached by Tab outside the view: bring it into view.
    L.DomEvent.on(pane, "focusin", (event) => {
      const icon = target(event);
      const marker = icon && this.markers.get(icon.dataset.ssmId);
      if (marker && !this.map.getBounds().contains(marker.latLng)) this.map.panTo(marker.latLng);
    });
    L.DomEvent.disableClickPropagation(pane);
  }

  drawBoundaries(collection) {
    this.covers = collection.covers || {};
    const params = new URLSearchParams(window.location.search);
    const region = params.get("region");
    const regionBounds = [];
    L.geoJSON(collection, {
      pane: "areas",
      style: () => AREA,
      onEachFeature: (feature, layer) => {
        const { gss, region: areaRegion } = feature.properties;
        this.areas.set(gss, layer);
        if (region && areaRegion === region) regionBounds.push(layer.getBounds());
        layer.on("click", () => {
          if (!areaRegion) return;
          const next = new URLSearchParams(window.location.search);
          next.set("region", areaRegion);
          next.delete("page");
          window.location.search = next.toString();
        });
      },
    }).addTo(this.map);
    if (regionBounds.length && !this.markers.size) {
      this.map.fitBounds(regionBounds.reduce((all, one) => all.extend(one), L.latLngBounds(regionBounds[0])));
    }
    if (this.chosen) this.highlight(this.chosen);
  }

  // The area layers of a council code: its own, or those it covers (county, former council).
  areaLayers(code) {
    if (this.areas.has(code)) return [this.areas.get(code)];
    return (this.covers[code] || []).map((area) => this.areas.get(area)).filter(Boolean);
  }

  highlight(id) {
    for (const layer of this.highlighted) layer.setStyle(AREA);
    this.highlighted = [];
    const feature = this.features.get(id);
    if (!feature) return;
    for (const council of feature.properties.councils || []) {
      for (const layer of this.areaLayers(council.gss)) {
        layer.setStyle(HIGHLIGHT);
        this.highlighted.push(layer);
      }
    }
  }

  choose(id, returnFocus) {
    const feature = this.features.get(id);
    if (!feature) return;
    if (this.chosen && this.markers.has(this.chosen)) {
      this.markers.get(this.chosen).element.classList.remove("tiex-ssm-marker--chosen");
    }
    this.chosen = id;
    this.returnFocus = returnFocus || null;
    const marker = this.markers.get(id);
    if (marker) marker.element.classList.add("tiex-ssm-marker--chosen");
    this.highlight(id);
    this.showPanel(feature.properties);
    const layers = this.highlighted;
    if (layers.length) {
      const bounds = layers.reduce((all, layer) => all.extend(layer.getBounds()), L.latLngBounds([]));
      if (!this.map.getBounds().contains(bounds)) this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
    } else if (marker && !this.map.getBounds().contains(marker.latLng)) {
      this.map.panTo(marker.latLng);
    }
  }

  showPanel(properties) {
    const councils = properties.councils || [];
    const heading = element("h3", { class: "govuk-heading-s", id: "ssm-map-panel-heading", text: properties.name });
    const facts = element(
      "dl",
      { class: "govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-3" },
      ...[
        ["Kind", properties.kind_label],
        ["Status", properties.status_label],
        ["Savings to date", pounds.format(properties.savings_to_date_gbp || 0)],
        properties.savings_in_year_gbp != null ? ["Savings in the year", pounds.format(properties.savings_in_year_gbp)] : null,
      ]
        .filter(Boolean)
        .map(([key, value]) =>
          element(
            "div",
            { class: "govuk-summary-list__row" },
            element("dt", { class: "govuk-summary-list__key", text: key }),
            element("dd", { class: "govuk-summary-list__value", text: value || "" }),
          ),
        ),
    );
    const list = element("ul", { class: "govuk-list govuk-list--bullet" });
    for (const council of councils) {
      list.append(element("li", { text: council.current === false ? `${council.name} (former council)` : council.name }));
    }
    const description = element("div", { "data-ssm-details": "" });
    const close = element("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", text: "Close" });
    close.addEventListener("click", () => this.close());
    this.panel.replaceChildren(
      heading,
      properties.is_demo ? element("p", { class: "govuk-body-s" }, element("strong", { class: "govuk-tag govuk-tag--grey", text: "Demo" })) : null,
      description,
      facts,
      element(
        "p",
        { class: "govuk-body-s" },
        element("span", { class: "tiex-ssm-map__key tiex-ssm-map__key--area", "aria-hidden": "true" }),
        `Councils (highlighted on the map): ${councils.length}`,
      ),
      list,
      element("p", { class: "govuk-body" }, element("a", { class: "govuk-link", href: properties.url, text: `View ${properties.name}` })),
      close,
    );
    this.panel.setAttribute("aria-labelledby", "ssm-map-panel-heading");
    this.panel.setAttribute("role", "region");
    this.panel.hidden = false;
    this.panel.focus({ preventScroll: false });
    this.details(properties, description);
  }

  // Description and benefits: in the GeoJSON when it carries them, else from the API.
  async details(properties, target) {
    let { description, benefits } = properties;
    if (description === undefined) {
      try {
        const response = await fetch(`/api/v1/partnerships/${encodeURIComponent(properties.id)}`, {
          headers: { Accept: "application/json" },
        });
        if (response.ok) ({ description, benefits } = await response.json());
      } catch {
        return;
      }
    }
    if (this.chosen !== String(properties.id)) return;
    if (description) target.append(element("p", { class: "govuk-body", text: description }));
    if (benefits) {
      const text = Array.isArray(benefits) ? benefits.join("; ") : String(benefits);
      target.append(element("p", { class: "govuk-body" }, element("strong", { text: "Benefits: " }), text));
    }
  }

  close() {
    this.panel.hidden = true;
    this.panel.replaceChildren();
    if (this.chosen && this.markers.has(this.chosen)) {
      this.markers.get(this.chosen).element.classList.remove("tiex-ssm-marker--chosen");
    }
    this.chosen = null;
    this.highlight(null);
    if (this.returnFocus && this.returnFocus.isConnected) this.returnFocus.focus();
    this.returnFocus = null;
  }

  // "Show on map" buttons in the page's list (elements with data-ssm-partnership="ID").
  connectList() {
    for (const item of document.querySelectorAll("[data-ssm-partnership]")) {
      const id = item.dataset.ssmPartnership;
      if (!this.features.has(id)) continue;
      const name = this.features.get(id).properties.name;
      const button = element(
        "button",
        { type: "button", class: "tiex-ssm-show" },
        "Show",
        element("span", { class: "govuk-visually-hidden", text: ` ${name}` }),
        " on map",
      );
      button.addEventListener("click", () => {
        this.choose(id, button);
        this.canvas.scrollIntoView({ block: "nearest" });
      });
      item.append(element("br"), button);
    }
  }
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/geo+json, application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function main() {
  if (!root || !L) return;
  const canvas = root.querySelector("#ssm-map-canvas");
  const panel = root.querySelector("#ssm-map-panel");
  const view = new PartnershipMap(root, canvas, panel);
  let collection;
  try {
    collection = await getJSON(root.dataset.dataUrl);
  } catch (error) {
    console.warn("Shared services map: the partnerships could not be loaded; the static map stays.", error);
    return;
  }
  view.start();
  view.listen();
  const drawn = view.draw(collection);
  for (const element of root.querySelectorAll("[data-ssm-static]")) element.hidden = true;
  root.dataset.ssmReady = "true";
  view.connectList();
  await drawn; // the boundaries only once the partnerships are on screen
  try {
    view.drawBoundaries(await getJSON(root.dataset.boundariesUrl));
    root.dataset.ssmBoundaries = "true";
  } catch (error) {
    console.warn("Shared services map: the boundaries could not be loaded.", error);
  }
}

main();
