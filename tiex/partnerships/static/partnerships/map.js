// The Shared Services Map (templates/partnerships/_map.html; docs/partnerships.md, "The map").
// Progressive enhancement only: without this file the page shows a static map and the list.
//
// 1. Fetches the filtered partnerships as GeoJSON (data-data-url: the page's own filters) and
//    draws one focusable marker per partnership, at the middle of its councils' centroids.
//    Partnerships whose markers would overlap at the map's zoom share one group marker
//    showing their number (map_groups.js; WCAG 2.2 target size: every target is at least
//    24 px and none overlaps another); choosing a group zooms in to it, or at the closest
//    zoom lists its partnerships in the panel. The groups are made again after every zoom.
//    The draw is timed with performance marks ("ssm-map-draw"; benchmarks/map.py reads it).
// 2. Then loads the council boundaries (data-boundaries-url, a versioned, long-cached file) as
//    the base layer. There are no map tiles: no third-party requests.
// 3. Choosing a partnership (click, Enter or Space on its marker, or its "Show on map" button in
//    the list) highlights its councils' areas and opens a panel with its councils, savings to
//    date and a link to its page; Escape or "Close" closes it and returns focus.
// 4. Choosing an area (click), or a region in the map's "Choose a region" control (links, for
//    the keyboard; map_regions.js), lists its region's partnerships: the page loads ?region=.
// The map's controls come first in its Tab order, then its markers.
import { commonPlace, group, middle, spread } from "./map_groups.js";
import { details, element, groupContent, partnershipContent } from "./map_panel.js";
import { regionControl, regionHref } from "./map_regions.js";

const L = window.L;
const root = document.querySelector("[data-ssm-map]");

const HIGHLIGHT = { fillColor: "#4c2c92", fillOpacity: 0.75, color: "#0b0c0c", weight: 2 };
const AREA = { fillColor: "#ffffff", fillOpacity: 1, color: "#6f777b", weight: 0.6 };
const REGION = { fillColor: "#d2e2f1", fillOpacity: 1, color: "#0b0c0c", weight: 1 };
const MARKER_PX = 24; // a partnership's target
const GROUP_PX = 32; // a group's target, and the distance under which markers are grouped
const ENGLAND = [
  [49.8, -6.5],
  [55.9, 2.1],
];
class PartnershipMap {
  constructor(container, canvas, panel) {
    this.container = container;
    this.canvas = canvas;
    this.panel = panel;
    this.markers = new Map(); // id -> {element (made when first shown alone), latLng}
    this.order = []; // the ids with a place, in the list's order (the Tab order of the markers)
    this.shown = new Map(); // id -> the target showing it now: its marker or its group's
    this.groups = new Map(); // a group's target -> {ids, latLng}
    this.features = new Map(); // id -> feature
    this.areas = new Map(); // area code -> layer
    this.regions = new Map(); // region -> its area layers
    this.covers = {};
    this.highlighted = [];
    this.previewed = [];
    this.chosen = null;
    this.returnFocus = null;
    this.returnIds = [];
  }

  start() {
    this.canvas.hidden = false;
    this.map = L.map(this.canvas, {
      keyboard: true,
      zoomSnap: 0.25,
      zoomAnimation: false, // the markers are grouped and placed again after each zoom (place())
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
    // The controls (zoom, regions) before the markers in the Tab order; their corners are placed absolutely.
    const controls = mapElement.querySelector(".leaflet-control-container");
    if (controls) mapElement.prepend(controls);
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
    features.forEach((feature, index) => {
      const id = String((feature.properties || {}).id);
      this.features.set(id, feature);
      const position = positions[index];
      if (!position) return;
      this.order.push(id);
      this.markers.set(id, { element: null, latLng: L.latLng(position) });
    });
    this.place();
    this.map.on("viewreset", () => this.place());
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

  // A partnership's own marker: a focusable 24 px target (made once, when first shown alone).
  markerElement(id) {
    const marker = this.markers.get(id);
    if (!marker.element) {
      const icon = element("div", { class: "tiex-ssm-marker leaflet-marker-icon", tabindex: "0", role: "button" });
      icon.dataset.ssmId = id;
      icon.setAttribute("aria-label", `${this.features.get(id).properties.name}: show its councils and savings`);
      marker.element = icon;
    }
    marker.element.classList.toggle("tiex-ssm-marker--chosen", id === this.chosen);
    return marker.element;
  }

  // A group's target: its number of partnerships, named after the council most of them share.
  groupElement(ids) {
    const near = commonPlace(ids, (id) => this.features.get(id).properties.councils);
    const action = this.map.getZoom() < this.map.getMaxZoom() ? "zoom in" : "list them";
    const target = element("div", { class: "tiex-ssm-group leaflet-marker-icon", tabindex: "0", role: "button", text: String(ids.length) });
    target.dataset.ssmGroup = String(ids.length);
    target.setAttribute("aria-label", `${ids.length} partnerships${near ? ` near ${near}` : ""}; ${action}`);
    return target;
  }

  // Group the partnerships whose markers would overlap at this zoom and put every target in
  // place, in the map's layer coordinates; the focus stays with the partnership it was on.
  place() {
    const pane = this.map.getPane("markerPane");
    const active = document.activeElement;
    const focused = active && pane.contains(active) ? this.idsOf(active)[0] : null;
    const points = this.order.map((id) => this.map.latLngToLayerPoint(this.markers.get(id).latLng));
    const fragment = document.createDocumentFragment();
    this.shown = new Map();
    this.groups = new Map();
    for (const found of group(points, GROUP_PX)) {
      const ids = found.members.map((index) => this.order[index]);
      const alone = ids.length === 1;
      const target = alone ? this.markerElement(ids[0]) : this.groupElement(ids);
      const half = (alone ? MARKER_PX : GROUP_PX) / 2;
      target.style.transform = `translate3d(${found.x - half}px, ${found.y - half}px, 0)`;
      if (!alone) this.groups.set(target, { ids, latLng: this.markers.get(ids[0]).latLng });
      for (const id of ids) this.shown.set(id, target);
      fragment.append(target);
    }
    pane.replaceChildren(fragment);
    if (focused && this.shown.has(focused)) this.shown.get(focused).focus({ preventScroll: true });
  }

  idsOf(target) {
    if (target.dataset.ssmId) return [target.dataset.ssmId];
    const found = this.groups.get(target);
    return found ? found.ids : [];
  }

  // Choosing a target: a partnership opens its panel; a group zooms in to its partnerships
  // (the focus moves to the target showing the first of them), or at the closest zoom lists them.
  activate(target) {
    if (target.dataset.ssmId) {
      this.choose(target.dataset.ssmId, target);
      return;
    }
    const found = this.groups.get(target);
    if (!found) return;
    const zoom = this.map.getZoom();
    if (zoom >= this.map.getMaxZoom()) {
      this.showGroup(found.ids, target);
      return;
    }
    const bounds = L.latLngBounds(found.ids.map((id) => this.markers.get(id).latLng));
    const fits = this.map.getBoundsZoom(bounds, false, L.point(2 * GROUP_PX, 2 * GROUP_PX));
    this.map.setView(bounds.getCenter(), Math.min(this.map.getMaxZoom(), Math.max(zoom + 1, fits)), { animate: false });
  }

  // One set of listeners for every target (event delegation on the marker pane).
  listen() {
    const pane = this.map.getPane("markerPane");
    const target = (event) => event.target.closest && event.target.closest("[data-ssm-id], [data-ssm-group]");
    L.DomEvent.on(pane, "click", (event) => {
      const found = target(event);
      if (found) {
        L.DomEvent.stopPropagation(event);
        this.activate(found);
      }
    });
    L.DomEvent.on(pane, "keydown", (event) => {
      const found = target(event);
      if (found && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        L.DomEvent.stopPropagation(event);
        this.activate(found);
      }
    });
    // A target reached by Tab outside the view: bring it into view.
    L.DomEvent.on(pane, "focusin", (event) => {
      const found = target(event);
      const ids = found ? this.idsOf(found) : [];
      const latLng = ids.length && this.markers.get(ids[0]).latLng;
      if (latLng && !this.map.getBounds().contains(latLng)) this.map.panTo(latLng);
    });
    L.DomEvent.disableClickPropagation(pane);
  }

  drawBoundaries(collection) {
    this.covers = collection.covers || {};
    const region = new URLSearchParams(window.location.search).get("region");
    L.geoJSON(collection, {
      pane: "areas",
      style: () => AREA,
      onEachFeature: (feature, layer) => {
        const { gss, region: areaRegion } = feature.properties;
        this.areas.set(gss, layer);
        if (!areaRegion) return;
        if (!this.regions.has(areaRegion)) this.regions.set(areaRegion, []);
        this.regions.get(areaRegion).push(layer);
        layer.on("click", () => {
          window.location.href = regionHref(areaRegion);
        });
      },
    }).addTo(this.map);
    const regionLayers = (region && this.regions.get(region)) || [];
    if (regionLayers.length && !this.markers.size) {
      this.map.fitBounds(regionLayers.reduce((all, layer) => all.extend(layer.getBounds()), L.latLngBounds([])));
    }
    if (this.regions.size) {
      const regions = [...this.regions.keys()].sort();
      regionControl(L, { regions, current: region, preview: (name) => this.preview(name) }).addTo(this.map);
    }
    if (this.chosen) this.highlight(this.chosen);
  }

  // Shade a region's areas while its link in the "Choose a region" control has the focus or the pointer.
  preview(region) {
    for (const layer of this.previewed) if (!this.highlighted.includes(layer)) layer.setStyle(AREA);
    this.previewed = [];
    for (const layer of (region && this.regions.get(region)) || []) {
      if (this.highlighted.includes(layer)) continue;
      layer.setStyle(REGION);
      this.previewed.push(layer);
    }
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

  markChosen(id, chosen) {
    const marker = id && this.markers.get(id);
    if (marker && marker.element) marker.element.classList.toggle("tiex-ssm-marker--chosen", chosen);
  }

  choose(id, returnFocus) {
    const feature = this.features.get(id);
    if (!feature) return;
    this.markChosen(this.chosen, false);
    this.chosen = id;
    this.setReturnFocus(returnFocus);
    this.markChosen(id, true);
    this.highlight(id);
    this.showPanel(feature.properties);
    const layers = this.highlighted;
    const marker = this.markers.get(id);
    if (layers.length) {
      const bounds = layers.reduce((all, layer) => all.extend(layer.getBounds()), L.latLngBounds([]));
      if (!this.map.getBounds().contains(bounds)) this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
    } else if (marker && !this.map.getBounds().contains(marker.latLng)) {
      this.map.panTo(marker.latLng);
    }
  }

  openPanel(children) {
    this.panel.replaceChildren(...children);
    this.panel.setAttribute("aria-labelledby", "ssm-map-panel-heading");
    this.panel.setAttribute("role", "region");
    this.panel.hidden = false;
    this.panel.focus({ preventScroll: false });
  }

  showPanel(properties) {
    const { children, description } = partnershipContent(properties, () => this.close());
    this.openPanel(children);
    details(properties, description, () => this.chosen === String(properties.id));
  }

  // A group still together at the closest zoom: its partnerships, each with a button to show it.
  showGroup(ids, returnFocus) {
    this.setReturnFocus(returnFocus);
    const near = commonPlace(ids, (id) => this.features.get(id).properties.councils);
    const title = `${ids.length} partnerships${near ? ` near ${near}` : ""}`;
    const partnerships = ids.map((id) => ({ id, name: this.features.get(id).properties.name }));
    this.openPanel(groupContent(title, partnerships, (id) => this.choose(id, returnFocus), () => this.close()));
  }

  close() {
    this.panel.hidden = true;
    this.panel.replaceChildren();
    this.markChosen(this.chosen, false);
    this.chosen = null;
    this.highlight(null);
    let back = this.returnFocus;
    if (back && !back.isConnected && this.returnIds.length) back = this.shown.get(this.returnIds[0]);
    if (back && back.isConnected) back.focus();
    this.returnFocus = null;
  }

  // Where Close and Escape return the focus; a map target may be made again by a zoom since,
  // so its partnerships are kept too (close() then focuses the target showing the first).
  setReturnFocus(target) {
    this.returnFocus = target || null;
    const onMap = target && target.closest && target.closest(".leaflet-marker-pane");
    this.returnIds = onMap ? this.idsOf(target) : [];
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
