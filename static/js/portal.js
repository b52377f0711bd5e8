// Loaded as a module from the base template. Kept in a file (not inline) so the
// Content Security Policy can forbid inline scripts.
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
