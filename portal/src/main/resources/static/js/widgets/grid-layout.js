/** Layout arithmetic of the dashboard grid: 12 columns, rows of fixed height, widgets never overlapping. */
export const COLUMNS = 12;
const MAX_SIZE = 12;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** A widget's size and place kept inside the grid. */
export function fit(w) {
  const width = clamp(w.w, 1, COLUMNS);
  return { ...w, w: width, h: clamp(w.h, 1, MAX_SIZE), x: clamp(w.x, 0, COLUMNS - width), y: Math.max(0, w.y) };
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The layout after widget `id` took its new place: the others keep their order and slide down just below whatever
 * they would overlap, so a drop never stacks two widgets on one cell.
 */
export function settle(widgets, id) {
  const moved = widgets.find((w) => w.id === id);
  const placed = moved ? [moved] : [];
  const others = widgets.filter((w) => w.id !== id).sort((a, b) => a.y - b.y || a.x - b.x);
  for (const original of others) {
    const w = { ...original };
    for (let hit = placed.find((p) => overlaps(p, w)); hit; hit = placed.find((p) => overlaps(p, w))) {
      w.y = hit.y + hit.h;
    }
    placed.push(w);
  }
  return widgets.map((w) => placed.find((p) => p.id === w.id));
}

/** Grid geometry of the rendered grid element: columns in use and the size of one cell step, gap included. */
export function geometry(grid) {
  const style = getComputedStyle(grid);
  const columns = style.gridTemplateColumns.split(' ').filter(Boolean).length;
  const gap = parseFloat(style.columnGap) || 0;
  const rowGap = parseFloat(style.rowGap) || 0;
  const rect = grid.getBoundingClientRect();
  return { columns, colStep: (rect.width + gap) / columns, rowStep: parseFloat(style.gridAutoRows) + rowGap };
}

/**
 * The first place, reading rows top to bottom and left to right, where a w×h widget overlaps nobody: new widgets
 * fill the row beside the last one instead of stacking in one column.
 */
export function freeSlot(widgets, w, h) {
  const width = clamp(w, 1, COLUMNS);
  const bottom = Math.max(0, ...widgets.map((x) => x.y + x.h));
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + width <= COLUMNS; x++) {
      const candidate = { x, y, w: width, h };
      if (!widgets.some((o) => overlaps(o, candidate))) return { x, y };
    }
  }
  return { x: 0, y: bottom };
}
