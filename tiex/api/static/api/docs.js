// Starts Swagger UI (served from /static/, see tiex/api/docs.py) with the settings the page
// carries as JSON: no inline script, so the page keeps the site's Content Security Policy.
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  window.SwaggerUIBundle(settings);
})();
