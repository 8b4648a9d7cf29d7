// ESLint for our hand-written scripts in docs/assets/javascripts/ (`make lint`, run by `make test`).
// One dialect: ES2020 classic scripts (no modules, no build step), as the browser loads them.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

const bugs = {
  ...js.configs.recommended.rules,
  "no-shadow": "error", // a local name hiding an outer one (a vocabulary called `words`, twice)
  "no-implicit-globals": "error", // a top-level var in a classic script lands on window
  "no-use-before-define": ["error", {functions: false, classes: true, variables: true}],
  "eqeqeq": ["error", "smart"],
  "no-unused-vars": ["error", {args: "after-used", caughtErrors: "none"}],
};

const SERVICE_WORKERS = ["docs/assets/javascripts/offline-sw.js", "docs/assets/javascripts/offline-sw-remove.js"];

module.exports = [
  // the iframe-worker shim is npm's minified file, shipped as it is
  {ignores: ["docs/assets/javascripts/iframe-worker-shim.js", "site/", "site-offline/", "dist/", ".venv/"]},
  {
    files: ["docs/assets/javascripts/*.js"],
    ignores: SERVICE_WORKERS,
    languageOptions: {ecmaVersion: 2020, sourceType: "script", globals: {...globals.browser}},
    rules: bugs,
  },
  {
    // the worker's global scope, not a window
    files: SERVICE_WORKERS,
    languageOptions: {ecmaVersion: 2020, sourceType: "script", globals: {...globals.serviceworker}},
    rules: {...bugs, "no-implicit-globals": "off"}, // a worker's top level is its own scope
  },
  {
    files: ["eslint.config.js"],
    languageOptions: {ecmaVersion: 2020, sourceType: "commonjs", globals: {...globals.node}},
    rules: bugs,
  },
];
