// An element with data-reload-after="1500" reloads its page after that many milliseconds: a page that waits for work done in
// the background (e.g. the routing page while the proposal is prepared) shows it as soon as it is there. A file, not an
// inline script: the Content-Security-Policy allows scripts from 'self' only. At most 40 reloads in a row for one address
// (about a minute): then the page stays, with its own « Actualiser » link.
const waiting = document.querySelector('[data-reload-after]');
const key = 'reload-soon:' + location.pathname;
if (waiting) {
  const count = Number(sessionStorage.getItem(key) || 0);
  if (count < 40) {
    sessionStorage.setItem(key, String(count + 1));
    setTimeout(() => { location.reload(); }, Number(waiting.dataset.reloadAfter) || 1500);
  } else {
    sessionStorage.removeItem(key);
  }
} else {
  sessionStorage.removeItem(key);
}
