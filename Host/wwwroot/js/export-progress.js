// « Mes exports »: while an export is being written, asks every few seconds where each one stands, moves its progress bar,
// and reloads the page once one is ready or has failed (the page then shows its download link). Without JavaScript, the
// page's « Actualiser » link does the same.
(function () {
    "use strict";
    var pending = document.querySelectorAll("[data-export-pending]");
    if (pending.length === 0 || !window.fetch) {
        return;
    }

    var delay = 2000;
    function poll() {
        fetch("/conseiller/exports?handler=Etat", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
            .then(function (exports) {
                var finished = false;
                exports.forEach(function (state) {
                    var row = document.getElementById("export-" + state.id);
                    if (!row || !row.hasAttribute("data-export-pending")) {
                        return;
                    }
                    if (state.status === "done" || state.status === "failed") {
                        finished = true;
                        return;
                    }
                    var text = row.querySelector("[data-export-progress]");
                    var bar = row.querySelector("[data-export-bar]");
                    if (text && text.textContent !== state.progress) {
                        text.textContent = state.progress;
                    }
                    if (bar) {
                        bar.value = state.percent || 0;
                    }
                });
                if (finished) {
                    window.location.reload();
                } else {
                    window.setTimeout(poll, delay);
                }
            })
            .catch(function () {
                // A hiccup (the site restarting): try again, less often.
                delay = Math.min(delay * 2, 30000);
                window.setTimeout(poll, delay);
            });
    }

    window.setTimeout(poll, delay);
})();
