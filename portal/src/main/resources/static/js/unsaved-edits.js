/**
 * Pages and panels holding edits not yet saved (a dashboard being edited, an edge configuration being typed). The
 * application asks before it draws the open page anew for something that happened elsewhere (time preferences saved
 * in another tab): that would drop the edits, so it waits until they are saved or discarded (the holder is gone).
 */
const holders = new Set();

/** Fires "change" when the first edit appears or the last one is saved or discarded. */
export const unsavedEdits = new EventTarget();

/** {@code holder} has edits to keep (true) or none any more (false: saved, discarded, or the holder left). */
export function setUnsaved(holder, unsaved) {
  const before = holders.size;
  if (unsaved) holders.add(holder); else holders.delete(holder);
  if ((before === 0) !== (holders.size === 0)) unsavedEdits.dispatchEvent(new Event('change'));
}

export function hasUnsavedEdits() {
  return holders.size > 0;
}
