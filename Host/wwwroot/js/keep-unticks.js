// The routing page: a proposed expert the team unticked stays unticked when another of the page's forms (search, add an
// expert, add a need, follow) reloads it. Each such form carries the unticked drafts' ids as « decoches », which the page
// reads and its redirects keep. Only « Transmettre » posts the ticks themselves.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.id === 'transmettre') {
    return;
  }

  form.querySelectorAll('input[data-unticked]').forEach((input) => input.remove());
  document.querySelectorAll('input[name="Ticked"]:not(:checked)').forEach((box) => {
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'decoches';
    hidden.value = box.value;
    hidden.dataset.unticked = '';
    form.appendChild(hidden);
  });
});
