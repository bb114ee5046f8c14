// The raise form: choosing a severity fills in its suggested acknowledgement deadline (worked out by the hub, see
// AlertService.suggestedAckDeadline), unless the raiser has typed a deadline of their own. A file of its own because
// the pages allow no inline script.
const parts = ['Day', 'Month', 'Year', 'Time'].map(part => document.getElementById('ackDeadline' + part))
const suggested = Object.fromEntries([...document.querySelectorAll('#suggested-deadlines [data-severity]')]
  .map(s => [s.dataset.severity, s.textContent.trim().split(/\s+/)]))

const typed = () => parts.map(input => input.value.trim()).join(' ')
const untouched = () => typed().trim() === '' || Object.values(suggested).some(values => values.join(' ') === typed())

if (parts.every(Boolean)) {
  document.querySelectorAll('input[name="severity"]').forEach(radio => radio.addEventListener('change', () => {
    if (radio.checked && suggested[radio.value] && untouched()) {
      suggested[radio.value].forEach((value, i) => { parts[i].value = value })
    }
  }))
}
