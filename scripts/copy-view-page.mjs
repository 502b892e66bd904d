// Copies the view page (plain HTML/CSS/JS, served as is) next to the compiled server in dist/,
// so an installed package (whose "files" is dist) serves it. Run by `npm run build`.
import { cpSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const from = fileURLToPath(new URL("../src/view/page/", import.meta.url));
const to = fileURLToPath(new URL("../dist/src/view/page/", import.meta.url));
mkdirSync(to, { recursive: true });
cpSync(from, to, { recursive: true });
