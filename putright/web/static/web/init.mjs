import { initAll } from '../vendor/govuk-frontend/govuk-frontend.min.js'
initAll()

// A warning or error banner on a page opened at a fragment (".../#not-yet-sent", after a refused
// step) lost the focus GOV.UK gives it to the browser's jump to the fragment, so a screen reader
// never announced it: take the focus back once the page has loaded. A green "Done" banner leaves
// the reader where the link took them.
const first = document.querySelector('.govuk-notification-banner[role="alert"]')
if (first && window.location.hash && !first.classList.contains('govuk-notification-banner--success')) {
  window.addEventListener('load', () => {
    window.requestAnimationFrame(() => {
      first.setAttribute('tabindex', '-1')
      first.focus()
    })
  })
}

// Radios that reveal the questions asked only for one answer (GOV.UK's conditional reveal, the same
// classes), without the aria-expanded GOV.UK's script puts on the radio, which a radio does not
// support (axe: aria-allowed-attr, critical): no aria-controls either, which GOV.UK's click handler
// reads to set it. Without JavaScript every question is shown.
for (const input of document.querySelectorAll('input[data-putright-reveals]')) {
  const target = document.getElementById(input.dataset.putrightReveals)
  if (!target) continue
  const sync = () => target.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
  for (const other of document.querySelectorAll('input[type="radio"]')) {
    if (other.name === input.name) other.addEventListener('change', sync)
  }
  sync()
}
