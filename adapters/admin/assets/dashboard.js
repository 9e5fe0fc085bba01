/* global document, window, EventSource */
// The dashboard's own few lines: the session's CSRF token on every htmx request, and the
// overview's live figures from the server-sent event stream (no build step, no framework).
(function () {
  'use strict';
  const token = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');

  document.addEventListener('htmx:configRequest', (event) => {
    const value = token();
    if (value) event.detail.headers['X-CSRF-Token'] = value;
  });

  let source = null;
  function connectLive() {
    const host = document.querySelector('[data-live]');
    if (!host) {
      source?.close();
      source = null;
      return;
    }
    if (source) return;
    source = new EventSource(host.getAttribute('data-live'));
    source.addEventListener('figures', (event) => {
      const figures = JSON.parse(event.data);
      for (const [key, text] of Object.entries(figures)) {
        for (const slot of document.querySelectorAll(`[data-figure="${key}"]`)) {
          if (slot.textContent !== text) slot.textContent = text;
        }
      }
    });
  }

  document.addEventListener('DOMContentLoaded', connectLive);
  document.addEventListener('htmx:afterSettle', connectLive);
  window.addEventListener('pagehide', () => source?.close());
})();
