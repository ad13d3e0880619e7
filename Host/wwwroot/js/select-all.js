// A checkbox with data-select-all="Name" ticks or unticks every checkbox named "Name" of its form; an element with
// data-ticked-count="Name" says how many of them are ticked, with its data-one and data-many nouns (« 3 demandes cochées »).
document.querySelectorAll('input[data-select-all]').forEach((all) => {
  all.addEventListener('change', () => {
    all.form.querySelectorAll(`input[type="checkbox"][name="${all.dataset.selectAll}"]`)
      .forEach((box) => { box.checked = all.checked; });
    all.form.dispatchEvent(new Event('ticked'));
  });
});

document.querySelectorAll('[data-ticked-count]').forEach((counter) => {
  const form = counter.closest('form');
  const name = counter.dataset.tickedCount;
  const update = () => {
    const ticked = form.querySelectorAll(`input[type="checkbox"][name="${name}"]:checked`).length;
    counter.textContent = `${ticked.toLocaleString('fr-FR')} ${ticked >= 2 ? counter.dataset.many : counter.dataset.one}`;
  };
  form.addEventListener('change', update);
  form.addEventListener('ticked', update);
});
