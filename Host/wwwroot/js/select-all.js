// A checkbox with data-select-all="Name" ticks or unticks every checkbox named "Name" of its form.
document.querySelectorAll('input[data-select-all]').forEach((all) => {
  all.addEventListener('change', () => {
    all.form.querySelectorAll(`input[type="checkbox"][name="${all.dataset.selectAll}"]`)
      .forEach((box) => { box.checked = all.checked; });
  });
});
