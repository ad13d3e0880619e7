// Draws each chart of a statistics page from the data table it names (canvas data-chart-for="<id of the table's block>"):
// the figures have one source, and the table beside the chart stays their accessible reading. data-chart-order="reverse"
// draws the rows bottom-up (the monthly table lists the newest month first; the chart reads left to right in time),
// data-chart-axis="y" draws horizontal bars (the chart grows with its rows), data-chart-columns="3" only the first three
// columns. A file, not an inline script: the Content-Security-Policy allows 'self' only.
const palette = ['#000091', '#009081', '#e4794a', '#a558a0', '#465f9d'];
const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
// French.Number writes thousands with a narrow no-break space; \s matches it.
const number = (text) => Number(text.replace(/\s/g, '').replace(',', '.')) || 0;

document.querySelectorAll('canvas[data-chart-for]').forEach((canvas) => {
  const table = document.getElementById(canvas.dataset.chartFor)?.querySelector('table');
  const block = canvas.closest('.pde-chart');
  if (!table || typeof Chart === 'undefined') {
    block?.remove();
    return;
  }

  const headers = [...table.tHead.rows[0].cells].slice(1).map((cell) => cell.textContent.trim());
  const drawn = Number(canvas.dataset.chartColumns) || headers.length;
  // A row of the table's « nothing yet » line spans every column: it is not data.
  let rows = [...table.tBodies[0].rows].filter((row) => row.cells.length === headers.length + 1);
  if (rows.length === 0) {
    block?.remove();
    return;
  }

  if (canvas.dataset.chartOrder === 'reverse') {
    rows = rows.reverse();
  }

  const horizontal = canvas.dataset.chartAxis === 'y';
  if (horizontal && block) {
    // Room for each row's bars, never less than the stylesheet's height (CSSOM: allowed by the CSP, unlike a style attribute).
    block.style.height = `${Math.max(block.clientHeight, rows.length * (14 * drawn + 10) + 80)}px`;
  }

  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.cells[0].textContent.trim()),
      datasets: headers.slice(0, drawn).map((header, i) => ({
        label: header,
        data: rows.map((row) => number(row.cells[i + 1].textContent)),
        backgroundColor: palette[i % palette.length],
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      locale: 'fr-FR',
      maintainAspectRatio: false,
      animation: still ? false : undefined,
      plugins: { legend: { display: drawn > 1, position: 'bottom' } },
      scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
