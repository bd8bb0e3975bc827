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
