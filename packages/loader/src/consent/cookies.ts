// Deleting a category's cookies on withdrawal: a cookie only goes when name, domain and path all match, and
// scripts set them on any parent domain and path, so every variant is expired.

/** Names in `document.cookie` matching the inventory (`_ga_*` matches by prefix), plus the exact names. */
function matching(doc: Document, names: string[]): Set<string> {
  const found = new Set(names.filter((n) => !n.endsWith('*')))
  for (const pair of doc.cookie.split(';')) {
    const name = pair.split('=')[0]!.trim()
    if (name && names.some((n) => (n.endsWith('*') ? name.startsWith(n.slice(0, -1)) : n === name)))
      found.add(name)
  }
  return found
}

/**
 * Expires `names` for: no domain (host-only), the host and each parent domain down to two labels (with and
 * without a leading dot; the browser refuses public suffixes itself), and the paths `/`, each directory
 * of the current path, and the path itself.
 */
export function deleteCookies(doc: Document, names: string[]): void {
  const { hostname, pathname } = doc.location
  const domains = ['']
  if (!/^[\d.]+$|:/.test(hostname)) {
    const labels = hostname.split('.')
    for (let i = 0; i < labels.length - 1 || i === 0; i++) {
      const d = labels.slice(i).join('.')
      domains.push(`; domain=${d}`, `; domain=.${d}`)
    }
  }
  const paths = new Set(['/', pathname])
  for (let i = 1; (i = pathname.indexOf('/', i) + 1) > 0;) {
    paths.add(pathname.slice(0, i))
    paths.add(pathname.slice(0, i - 1))
  }
  for (const name of matching(doc, names))
    for (const domain of domains)
      for (const path of paths) doc.cookie = `${name}=; max-age=0; path=${path}${domain}`
}
