import { css } from 'lit'

/** Styles the Privacy requests elements share: tables, state badges (icon + word, never colour alone), dialogs. */
export const requestsStyles = css`
  .card {
    max-width: 64rem;
  }
  .table-wrap {
    overflow-x: auto;
    margin: 0 0 1rem;
  }
  .table-wrap:focus-visible,
  textarea:focus-visible,
  dialog:focus-visible {
    outline: 3px solid var(--tessera-color-accent, #00a37a);
    outline-offset: 2px;
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
    vertical-align: top;
  }
  tr.overdue {
    background: #fdecea;
  }
  tr.due-soon {
    background: #fff6db;
  }
  /* The primary blue is too light on the highlighted rows (WCAG AA). */
  tr.overdue a,
  tr.due-soon a {
    color: #0a3fb0;
  }
  .badge {
    display: inline-block;
    font-size: 0.8125rem;
    font-weight: 600;
    padding: 0 0.375rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .badge.overdue {
    color: #8c1d18;
  }
  .badge.overdue::before {
    content: '! ';
  }
  .badge.due-soon {
    color: #6b4a00;
  }
  .badge.due-soon::before {
    content: '⏱ ';
  }
  code {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
  }
  textarea {
    font: inherit;
    color: inherit;
    width: 100%;
    min-height: 6rem;
    padding: 0.5rem 0.625rem;
    border: 1px solid #6b7785;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    background: #ffffff;
  }
  textarea[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: #b3261e;
    border-width: 2px;
  }
  dialog {
    border: 1px solid #6b7785;
    border-radius: var(--tessera-radius, 8px);
    padding: 1.25rem;
    width: min(36rem, 92vw);
    color: inherit;
    background: var(--tessera-color-background, #ffffff);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: end;
    margin: 0 0 1rem;
  }
  .toolbar .field {
    margin: 0;
    min-width: 10rem;
  }
  .pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1rem;
  }
  dl.facts dt {
    font-weight: 600;
  }
  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  ol.history {
    padding-inline-start: 1.25rem;
  }
  label.inline {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-weight: 400;
    margin-inline-end: 1.25rem;
  }
  label.inline input {
    width: auto;
  }
  .warning {
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid #b3261e;
    background: #fdecea;
  }
`
