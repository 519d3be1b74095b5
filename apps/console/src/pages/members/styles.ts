import { css } from 'lit'

/** Tables, definition lists and the reason form of the Members page. */
export const membersStyles = css`
  .card {
    max-width: 60rem;
  }
  .table-wrap {
    overflow-x: auto;
    margin: 0 0 1.25rem;
  }
  .table-wrap:focus-visible,
  textarea:focus-visible {
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
  td.number {
    text-align: end;
    white-space: nowrap;
  }
  code {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1.25rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  textarea {
    font: inherit;
    color: inherit;
    width: 100%;
    min-height: 4rem;
    padding: 0.5rem 0.625rem;
    border: 1px solid #6b7785;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    background: #ffffff;
  }
  textarea[aria-invalid='true'] {
    border-color: #b3261e;
    border-width: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .paging {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .paging p {
    margin: 0;
  }
`
