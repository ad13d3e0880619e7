// Progressive enhancement of the request form's company search (step 2): while typing, suggest establishments from
// /demande/entreprises in a <datalist>. Picking one puts its SIRET in the box; the search itself stays a plain GET form.
document.querySelectorAll('input[data-suggestions]').forEach((input) => {
  const list = document.createElement('datalist');
  list.id = `${input.id}-suggestions`;
  input.after(list);
  input.setAttribute('list', list.id);
  let timer;
  let controller;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 3 || /^\d{14}$/.test(text.replace(/\s/g, ''))) return;
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${input.dataset.suggestions}?q=${encodeURIComponent(text)}`, { signal: controller.signal });
        if (!response.ok) return;
        const { suggestions } = await response.json();
        list.replaceChildren(...suggestions.map((s) => {
          const option = document.createElement('option');
          option.value = s.siret;
          option.label = [s.name, s.establishmentName, s.postcode, s.city, s.isOpen ? null : 'fermé', s.isAbroad ? 'à l’étranger' : null]
            .filter(Boolean).join(' – ');
          return option;
        }));
      } catch (e) {
        if (e.name !== 'AbortError') list.replaceChildren();
      }
    }, 250);
  });
});
