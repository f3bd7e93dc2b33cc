// The Shared Services Map's panel (map.js): what a chosen partnership, or a group of
// partnerships too close to tell apart at the closest zoom, shows beside the map.
const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function closeButton(onClose) {
  const close = element("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", text: "Close" });
  close.addEventListener("click", onClose);
  return close;
}

// A partnership: heading, facts, councils, a link to its page; `description` is filled later (details()).
export function partnershipContent(properties, onClose) {
  const councils = properties.councils || [];
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
  const children = [
    element("h3", { class: "govuk-heading-s", id: "ssm-map-panel-heading", text: properties.name }),
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
    closeButton(onClose),
  ];
  return { children: children.filter(Boolean), description };
}

// Partnerships drawn as one group even at the closest zoom: a button for each.
export function groupContent(title, partnerships, onChoose, onClose) {
  const list = element("ul", { class: "govuk-list" });
  for (const { id, name } of partnerships) {
    const button = element("button", { type: "button", class: "tiex-ssm-show" }, "Show", element("span", { class: "govuk-visually-hidden", text: ` ${name}` }), " on map");
    button.addEventListener("click", () => onChoose(id));
    list.append(element("li", {}, element("span", { text: name }), element("br"), button));
  }
  return [element("h3", { class: "govuk-heading-s", id: "ssm-map-panel-heading", text: title }), list, closeButton(onClose)];
}

// Description and benefits: in the GeoJSON when it carries them, else from the API.
// `stillChosen()` says whether the partnership is still the one shown when the answer comes.
export async function details(properties, target, stillChosen) {
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
  if (!stillChosen()) return;
  if (description) target.append(element("p", { class: "govuk-body", text: description }));
  if (benefits) {
    const text = Array.isArray(benefits) ? benefits.join("; ") : String(benefits);
    target.append(element("p", { class: "govuk-body" }, element("strong", { text: "Benefits: " }), text));
  }
}
