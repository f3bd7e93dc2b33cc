// The Shared Services Map's "Choose a region" control (map.js): the regions as links on the map,
// so a keyboard user chooses one there as a mouse user clicks an area. Each link is the page's
// address with ?region= set (and the page number dropped): the same state as the filter form.
// Focusing or pointing at a link shades its region's areas (preview(region), preview(null)).
import { element } from "./map_panel.js";

// The page's address with the region set (or removed, for ""), as the filter form would give it.
export function regionHref(region) {
  const next = new URLSearchParams(window.location.search);
  if (region) next.set("region", region);
  else next.delete("region");
  next.delete("page");
  const query = next.toString();
  return `${window.location.pathname}${query ? `?${query}` : ""}`;
}

export function regionControl(L, { regions, current, preview }) {
  const Control = L.Control.extend({
    options: { position: "topright" },
    onAdd() {
      const box = element("div", { class: "leaflet-control tiex-ssm-regions" });
      const toggle = element("button", {
        type: "button",
        class: "tiex-ssm-regions__toggle",
        "aria-expanded": "false",
        "aria-controls": "ssm-map-regions",
        text: "Choose a region",
      });
      const list = element("ul", { class: "tiex-ssm-regions__list", id: "ssm-map-regions" });
      list.hidden = true;
      const links = current ? [...regions, ""] : regions;
      for (const region of links) {
        const link = element("a", { class: "govuk-link", href: regionHref(region), text: region || "All regions" });
        link.dataset.ssmRegion = region;
        if (region && region === current) link.setAttribute("aria-current", "true");
        list.append(element("li", {}, link));
      }
      const show = (open) => {
        list.hidden = !open;
        toggle.setAttribute("aria-expanded", String(open));
      };
      toggle.addEventListener("click", () => show(list.hidden));
      const hovered = (event) => {
        const link = event.target.closest && event.target.closest("[data-ssm-region]");
        preview(link ? link.dataset.ssmRegion || null : null);
      };
      list.addEventListener("focusin", hovered);
      list.addEventListener("mouseover", hovered);
      list.addEventListener("focusout", () => preview(null));
      list.addEventListener("mouseleave", () => preview(null));
      box.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && !list.hidden) {
          event.stopPropagation();
          show(false);
          toggle.focus();
        }
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.append(toggle, list);
      return box;
    },
  });
  return new Control();
}
