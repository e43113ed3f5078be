// First: the window's first questions to the store leave before the rest is evaluated.
import "./lib/firstAnswers";
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { applyTheme, theme } from "./lib/theme.svelte";
import { markPlatform } from "./lib/platform";

// The platform's fonts and the chosen theme before the first screen is drawn.
markPlatform();
applyTheme(theme.choice);

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

export default mount(App, { target });
