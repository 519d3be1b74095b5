// Stand-in for a partner's analytics tag: held back by tessera.js until analytics cookies are granted.
// A block scope, so loading it twice (a tag added again later) does not redeclare anything.
{
  window.__analyticsRan = (window.__analyticsRan || 0) + 1
  const status = document.getElementById('analytics-status')
  if (status) status.textContent = 'Visit statistics are on (you allowed analytics cookies).'
}
