// Puts a Content-Security-Policy on the test page before anything of the viewer loads (a <meta> policy
// applies to what the page does after it is inserted: module loads, eval, the decoder's blob: worker).
export function enforce(policy: string): string[] {
  const meta = document.createElement('meta')
  meta.httpEquiv = 'Content-Security-Policy'
  meta.content = policy
  document.head.prepend(meta)
  const violations: string[] = []
  document.addEventListener('securitypolicyviolation', (e) => {
    // The inline <style>s of the tests' own frame styles and of the tenant theme (widget-core, every element)
    // are what `style-src 'self'` blocks, by design of this test; everything else is reported.
    if (e.effectiveDirective === 'style-src-elem' && /\/(helpers|theme)\.ts$/.test(e.sourceFile)) return
    violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile.replace(/^.*\//, '')}`)
  })
  return violations
}

/** Whether `new Function` is allowed on this page now. */
export function evalAllowed(): boolean {
  try {
    return new Function('return true')() === true
  } catch {
    return false
  }
}
