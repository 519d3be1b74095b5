import { css } from 'lit'

/** Fallbacks used when neither the tenant's branding nor the partner's CSS sets a token. */
export const TOKEN_DEFAULTS = {
  '--tessera-color-primary': '#0b5fff',
  '--tessera-color-accent': '#00a37a',
  '--tessera-color-text': '#1b1f24',
  '--tessera-color-background': '#ffffff',
  '--tessera-font-family': 'system-ui, sans-serif',
  '--tessera-radius': '8px',
} as const

/**
 * Base styles for every Tessera element: reads the `--tessera-*` tokens (inherited from the page, where
 * the loader's theme and the partner's own CSS set them) with the defaults above as fallbacks.
 */
export const tokenStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--tessera-font-family, system-ui, sans-serif);
    color: var(--tessera-color-text, #1b1f24);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .base {
    background: var(--tessera-color-background, #ffffff);
    border-radius: var(--tessera-radius, 8px);
  }
  a {
    color: var(--tessera-color-primary, #0b5fff);
  }
  a:focus-visible {
    outline: 2px solid var(--tessera-color-accent, #00a37a);
    outline-offset: 2px;
  }
  .status {
    margin: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`
