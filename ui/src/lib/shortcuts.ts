// Ctrl+S ("simpan sekarang") reaches whatever on the screen holds unsaved work: each such
// part registers a saver while it is shown. Autosave still runs; this saves at once.

type Saver = () => Promise<void>;

const savers = new Set<Saver>();

/** Registers `saver` until the returned function is called (on the part's destroy). */
export function onSaveNow(saver: Saver): () => void {
  savers.add(saver);
  return () => savers.delete(saver);
}

/** Runs every registered saver; answers whether there was anything to save. */
export async function saveNow(): Promise<boolean> {
  if (savers.size === 0) return false;
  await Promise.all(Array.from(savers, (save) => save()));
  return true;
}
