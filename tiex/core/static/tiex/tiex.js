// Progressive enhancement only: every page works without this file.
import { initAll } from "../build/govuk/govuk-frontend.min.js";

initAll();
