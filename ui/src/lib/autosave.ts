// Saves the editor's text shortly after the admin stops typing, one save at a time,
// always ending with the latest text. The caller shows `status` next to the editor.

export type SaveStatus = "idle" | "pending" | "saving" | "saved" | "error";

export interface AutosaveOptions<T> {
  save: (value: T) => Promise<void>;
  delayMs: number;
  onStatus: (status: SaveStatus, error?: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Autosaver<T> {
  private latest: { value: T } | null = null;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: AutosaveOptions<T>) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Records new text; it is saved after `delayMs` without further changes. */
  change(value: T): void {
    this.latest = { value };
    this.options.onStatus("pending");
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, this.options.delayMs);
  }

  /** Saves what is pending now (before switching drafts or closing). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running;
    if (!this.latest) return;
    const { value } = this.latest;
    this.latest = null;
    this.options.onStatus("saving");
    let failed = false;
    this.running = this.options
      .save(value)
      .then(() => {
        if (!this.latest) this.options.onStatus("saved");
      })
      .catch((error: unknown) => {
        // Keep the text so the next change or flush tries again; nothing typed is dropped.
        failed = true;
        if (!this.latest) this.latest = { value };
        this.options.onStatus("error", error);
      })
      .finally(() => {
        this.running = null;
      });
    await this.running;
    // A change typed during the save is saved next; after a failure we wait for the
    // next change or an explicit flush instead of retrying in a loop.
    if (!failed && this.latest && this.timer === null) await this.flush();
  }

  get hasPending(): boolean {
    return this.latest !== null || this.timer !== null || this.running !== null;
  }
}
