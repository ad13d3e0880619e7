// A button with data-insert-template="select id" and data-into="textarea id" appends the chosen option's data-text to
// the textarea (on a new line when it already holds text). Without script the button stays hidden and the chosen
// template is sent as the comment when none was typed.
document.querySelectorAll('button[data-insert-template]').forEach((button) => {
  const select = document.getElementById(button.dataset.insertTemplate);
  const textarea = document.getElementById(button.dataset.into);
  if (!select || !textarea) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    const text = select.selectedOptions[0]?.dataset.text;
    if (!text) return;
    textarea.value = textarea.value.trim() ? `${textarea.value.trimEnd()}\n${text}` : text;
    select.value = '';
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  });
});
