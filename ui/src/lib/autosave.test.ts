import { describe, expect, it } from "vitest";
import { Autosaver, type SaveStatus } from "./autosave";

/** A timer the test advances by hand. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, () => void>();
  return {
    setTimer: (fn: () => void) => {
      const id = next++;
      pending.set(id, fn);
      return id;
    },
    clearTimer: (id: unknown) => {
      pending.delete(id as number);
    },
    fire() {
      const fns = [...pending.values()];
      pending.clear();
      fns.forEach((fn) => fn());
    },
    get count() {
      return pending.size;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("Autosaver", () => {
  it("saves only the latest text once typing pauses", async () => {
    const timers = manualTimers();
    const saved: string[] = [];
    const statuses: SaveStatus[] = [];
    const saver = new Autosaver<string>({
      delayMs: 400,
      save: async (v) => {
        saved.push(v);
      },
      onStatus: (s) => statuses.push(s),
      ...timers,
    });
    saver.change("P");
    saver.change("Po");
    saver.change("Posyandu");
    expect(timers.count).toBe(1);
    timers.fire();
    await settle();
    expect(saved).toEqual(["Posyandu"]);
    expect(statuses.at(-1)).toBe("saved");
  });

  it("never runs two saves at once and ends with the newest text", async () => {
    const timers = manualTimers();
    const saved: string[] = [];
    let release: () => void = () => {};
    let inFlight = 0;
    let maxInFlight = 0;
    const saver = new Autosaver<string>({
      delayMs: 400,
      save: (v) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<void>((resolve) => {
          release = () => {
            saved.push(v);
            inFlight--;
            resolve();
          };
        });
      },
      onStatus: () => {},
      ...timers,
    });
    saver.change("first");
    const flushing = saver.flush();
    saver.change("second");
    const second = saver.flush();
    release();
    await settle();
    release();
    await Promise.all([flushing, second]);
    expect(saved).toEqual(["first", "second"]);
    expect(maxInFlight).toBe(1);
  });

  it("keeps the text after a failed save and saves it on the next flush", async () => {
    const timers = manualTimers();
    const saved: string[] = [];
    let fail = true;
    const statuses: SaveStatus[] = [];
    const saver = new Autosaver<string>({
      delayMs: 400,
      save: async (v) => {
        if (fail) throw { code: "database", message: "disk penuh" };
        saved.push(v);
      },
      onStatus: (s) => statuses.push(s),
      ...timers,
    });
    saver.change("naskah penting");
    await saver.flush();
    expect(statuses.at(-1)).toBe("error");
    expect(saver.hasPending).toBe(true);
    fail = false;
    await saver.flush();
    expect(saved).toEqual(["naskah penting"]);
    expect(statuses.at(-1)).toBe("saved");
  });
});
