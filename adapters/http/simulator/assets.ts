import { readFileSync } from 'node:fs';

/** The simulator page's files, read once at start: plain HTML, CSS and browser JS, no build step. */
export interface SimulatorAssets {
  html: string;
  css: string;
  js: string;
  /** WhatsApp's *bold*, _italic_ … as DOM nodes; imported by simulator.js. */
  formatJs: string;
}

export function loadSimulatorAssets(): SimulatorAssets {
  const read = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  return {
    html: read('index.html'),
    css: read('simulator.css'),
    js: read('simulator.js'),
    formatJs: read('whatsapp-format.js'),
  };
}
