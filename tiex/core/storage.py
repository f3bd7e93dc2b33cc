"""Static files storage: hashed, compressed names, with JavaScript module imports rewritten too.

Django's manifest storage rewrites ``url()`` in CSS but, unless asked, not ``import ... from
"./x.js"`` in JavaScript modules. Without it a page loads ``map.<hash>.js`` whose imports name
the unhashed ``map_groups.js``: served, but cached for an hour under a name that does not
change when its content does, so a deploy could pair a new map with an old module.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
