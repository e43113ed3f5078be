// Light or dark: the admin's choice in Pengaturan, kept in this PC's web storage, applied
// before the first screen is drawn (main.ts) so the window never flashes the other theme.
// "system" sets no data-theme and lets app.css follow prefers-color-scheme.

export type ThemeChoice = "system" | "light" | "dark";

const KEY = "medsos.theme";

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export const theme = $state<{ choice: ThemeChoice }>({ choice: stored() });

/** Puts `choice` on the page and remembers it. */
export function applyTheme(choice: ThemeChoice) {
  theme.choice = choice;
  const root = document.documentElement;
  if (choice === "system") {
    delete root.dataset.theme;
  } else {
    root.dataset.theme = choice;
  }
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage refused (private mode): the choice holds until the window closes.
  }
}
