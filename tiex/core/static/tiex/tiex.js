// Progressive enhancement only: every page works without this file.
import { initAll } from "../build/govuk/govuk-frontend.min.js";

initAll();

// Search filters are collapsed in the HTML, so that on a phone the results come first;
// open them where there is room for them beside the results (GOV.UK's tablet breakpoint).
const wide = window.matchMedia("(min-width: 40.0625em)");
const openFilters = () => {
  if (wide.matches) {
    for (const details of document.querySelectorAll("details[data-tiex-filter]")) {
      details.open = true;
    }
  }
};
openFilters();
wide.addEventListener("change", openFilters);
