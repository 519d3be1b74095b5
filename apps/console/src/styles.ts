import { css } from 'lit'

/**
 * Shared styles of the console's elements. Colours, font and radius come from the `--tessera-*` tokens
 * (set by the page), with the defaults as fallbacks; focus is always visible.
 */
export const consoleStyles = css`
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
  h1,
  h2 {
    line-height: 1.25;
    margin: 0 0 0.75rem;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.125rem;
  }
  .card {
    background: var(--tessera-color-background, #ffffff);
    border-radius: var(--tessera-radius, 8px);
    border: 1px solid #c9d1d9;
    padding: 1.25rem;
    max-width: 40rem;
  }
  fieldset {
    border: 1px solid #c9d1d9;
    border-radius: var(--tessera-radius, 8px);
    margin: 0 0 1rem;
    padding: 0.75rem 1rem 0.25rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .field {
    margin: 0 0 0.875rem;
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .hint {
    margin: 0 0 0.25rem;
    color: #4a5561;
    font-size: 0.875rem;
  }
  input,
  select {
    font: inherit;
    color: inherit;
    width: 100%;
    padding: 0.5rem 0.625rem;
    border: 1px solid #6b7785;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    background: #ffffff;
  }
  input[aria-invalid='true'] {
    border-color: #b3261e;
    border-width: 2px;
  }
  input:disabled {
    background: #eef1f4;
    color: #39424c;
  }
  .error {
    margin: 0.25rem 0 0;
    color: #b3261e;
    font-size: 0.875rem;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    padding: 0.5rem 1rem;
    border: 1px solid var(--tessera-color-primary, #0b5fff);
  }
  button.primary {
    background: var(--tessera-color-primary, #0b5fff);
    color: #ffffff;
  }
  button.secondary {
    background: transparent;
    color: var(--tessera-color-primary, #0b5fff);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
  a {
    color: var(--tessera-color-primary, #0b5fff);
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--tessera-color-accent, #00a37a);
    outline-offset: 2px;
  }
  .status {
    margin: 0.75rem 0 0;
  }
  /* Live regions stay in the page (so changes are announced); only their content comes and goes. */
  .alert.shown {
    margin: 0 0 1rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid #b3261e;
    background: #fdecea;
  }
  .notice {
    margin: 0 0 1rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--tessera-color-primary, #0b5fff);
    background: #eaf1ff;
  }
`

/** Tables of the console's pages: scrollable on narrow screens, a caption as their heading. */
export const tableStyles = css`
  .table-wrap {
    overflow-x: auto;
    margin: 0 0 1.25rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    font-size: 1.125rem;
    margin-bottom: 0.5rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid #c9d1d9;
    vertical-align: middle;
  }
`
