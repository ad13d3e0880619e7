// An element with data-reload-after="1500" reloads its page after that many milliseconds: a page that waits for work done in
// the background (e.g. the routing page while the proposal is prepared) shows it as soon as it is there. A file, not an
// inline script: the Content-Security-Policy allows scripts from 'self' only.
const waiting = document.querySelector('[data-reload-after]');
if (waiting) {
  setTimeout(() => { location.reload(); }, Number(waiting.dataset.reloadAfter) || 1500);
}
