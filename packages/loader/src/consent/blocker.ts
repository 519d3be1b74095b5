// Holds back partner scripts and iframes until their category is granted:
//   <script type="text/plain" data-tessera-category="analytics" [src]>  → a real <script> once granted
//   <iframe data-src="…" data-tessera-category="marketing">              → gets its src once granted
// Scripts that already ran cannot be unloaded: withdrawing only stops new activations (a reload is offered).
// The placeholder next to a held-back iframe is unstyled light DOM (text + button): partners style it with
// `[data-tessera-placeholder]` (its value is the category).

export const BLOCKED =
  'script[type="text/plain"][data-tessera-category],iframe[data-src][data-tessera-category]'
export const PLACEHOLDER = 'data-tessera-placeholder'
export const OPEN_ATTRIBUTE = 'data-tessera-open-cookie-settings'

export interface Blocker {
  /** Activates or (re)blocks every blocked node in `root`. */
  apply(root?: ParentNode): void
  /** Categories whose scripts were activated on this page. */
  ran: Set<string>
}

const TEXT = {
  en: ['This content needs “{}” cookies.', 'Cookie settings'],
  ko: ['이 콘텐츠에는 ‘{}’ 쿠키가 필요합니다.', '쿠키 설정'],
} as const

export function createBlocker(
  doc: Document,
  granted: (category: string) => boolean,
  title: (category: string) => string
): Blocker {
  const ran = new Set<string>()

  const script = (old: HTMLScriptElement, category: string) => {
    const s = doc.createElement('script')
    for (const a of old.attributes) if (a.name !== 'type') s.setAttribute(a.name, a.value)
    s.nonce = old.nonce ?? '' // the nonce attribute reads empty once parsed; the property keeps it
    if (!old.hasAttribute('async')) s.async = false // keep document order between activated scripts
    s.text = old.text
    ran.add(category)
    old.replaceWith(s)
  }

  const frame = (el: HTMLIFrameElement, category: string) => {
    const next = el.nextElementSibling
    const placeholder = next?.getAttribute(PLACEHOLDER) === category ? next : null
    if (granted(category)) {
      placeholder?.remove()
      if (el.getAttribute('src') !== el.dataset.src) el.src = el.dataset.src!
      el.hidden = false
      return
    }
    if (el.hasAttribute('src')) {
      el.src = 'about:blank' // withdrawn: unload it
      el.removeAttribute('src')
    }
    el.hidden = true
    if (placeholder) return
    const [text, button] = TEXT[/^ko\b/i.test(doc.documentElement.lang) ? 'ko' : 'en']
    const box = doc.createElement('div')
    box.setAttribute(PLACEHOLDER, category)
    const p = doc.createElement('p')
    p.textContent = text.replace('{}', title(category))
    const b = doc.createElement('button')
    b.type = 'button'
    b.textContent = button
    b.setAttribute(OPEN_ATTRIBUTE, category)
    box.append(p, b)
    el.after(box)
  }

  const apply = (root: ParentNode = doc) => {
    const nodes = [...root.querySelectorAll<HTMLElement>(BLOCKED)]
    if ((root as Element).matches?.(BLOCKED)) nodes.unshift(root as HTMLElement)
    for (const el of nodes) {
      const category = el.dataset.tesseraCategory!
      if (el instanceof HTMLScriptElement) {
        if (granted(category)) script(el, category)
      } else frame(el as HTMLIFrameElement, category)
    }
  }

  return { apply, ran }
}
