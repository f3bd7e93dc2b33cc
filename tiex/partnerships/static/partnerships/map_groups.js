// Grouping the Shared Services Map's targets so that none overlaps another (map.js).
//
// WCAG 2.2 SC 2.5.8 (target size, minimum): every target is at least 24 by 24 CSS pixels and
// no two overlap. Partnerships whose markers would overlap at the map's zoom are drawn as one
// group marker instead, showing how many there are; choosing it zooms in (or, at the closest
// zoom, lists them). Also where a partnership goes (middle, spread). Pure functions over plain
// data: no Leaflet, no DOM.
//
// group(points, size): `points` are pixel positions ({x, y}, or null for none) in the order
// the partnerships are listed. Greedy, in one pass: a point joins the first group whose seed
// (its first point) lies less than `size` pixels away along both axes; otherwise it seeds a
// new group. So any two seeds are at least `size` pixels apart along one axis, and boxes of at
// most `size` pixels centred on them never overlap. A grid of `size`-pixel cells indexes the
// seeds: a point only looks at the seeds in its own and the eight neighbouring cells, so the
// whole pass is linear in the number of points (1,000 partnerships: well under a millisecond).

export function group(points, size) {
  const cells = new Map();
  const groups = [];
  points.forEach((point, index) => {
    if (!point) return;
    const column = Math.floor(point.x / size);
    const row = Math.floor(point.y / size);
    const near = nearestSeed(cells, column, row, point, size);
    if (near) {
      near.members.push(index);
      return;
    }
    const seed = { x: point.x, y: point.y, members: [index] };
    groups.push(seed);
    const key = cellKey(column, row);
    const cell = cells.get(key);
    if (cell) cell.push(seed);
    else cells.set(key, [seed]);
  });
  return groups;
}

// A cell's key as one small integer (fast to hash): columns and rows within ±16,384 cells of
// the map's pixel origin, far more than any zoom of England needs; beyond, keys may collide,
// which only costs a look at a far cell's seeds (the distance test still decides).
function cellKey(column, row) {
  return ((column + 16384) & 32767) * 32768 + ((row + 16384) & 32767);
}

function nearestSeed(cells, column, row, point, size) {
  for (let dx = -1; dx <= 1; dx += 1) {
    for (let dy = -1; dy <= 1; dy += 1) {
      const cell = cells.get(cellKey(column + dx, row + dy));
      if (!cell) continue;
      for (const seed of cell) {
        if (Math.abs(seed.x - point.x) < size && Math.abs(seed.y - point.y) < size) return seed;
      }
    }
  }
  return null;
}

// The council named most often among a group's partnerships: "12 partnerships near Leeds".
// `councilsOf(index)` gives a partnership's councils ([{name}, ...]).
export function commonPlace(members, councilsOf) {
  const counts = new Map();
  let best = "";
  let most = 0;
  for (const index of members) {
    for (const council of councilsOf(index) || []) {
      const name = council && council.name;
      if (!name) continue;
      const count = (counts.get(name) || 0) + 1;
      counts.set(name, count);
      if (count > most) {
        most = count;
        best = name;
      }
    }
  }
  return best;
}

// The middle of a MultiPoint's positions as [lat, lon], or null.
export function middle(geometry) {
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
export function spread(positions) {
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
