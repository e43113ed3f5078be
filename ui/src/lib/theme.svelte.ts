// Light or dark: the admin's choice in Pengaturan, kept in this PC's web storage, applied
// before the first screen is drawn (main.ts) so the window never flashes the other theme.
// The page always carries the theme in use as data-theme ("light" or "dark"); with the
// choice "system" it is the system's, followed as the system changes.

export type ThemeChoice = "system" | "light" | "dark";

const KEY = "medsos.theme";
const systemDark = window.matchMedia("(prefers-color-scheme: dark)");

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export const theme = $state<{ choice: ThemeChoice }>({ choice: stored() });

function show() {
  const dark = theme.choice === "dark" || (theme.choice === "system" && systemDark.matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

systemDark.addEventListener("change", show);

/** Puts `choice` on the page and remembers it. */
export function applyTheme(choice: ThemeChoice) {
  theme.choice = choice;
  show();
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage refused (private mode): the choice holds until the window closes.
  }
}
