import { css } from 'lit'

/** What the Consent, Statistics and Audit log pages share beyond the console's styles. */
export const insightStyles = css`
  .card {
    max-width: 64rem;
  }
  section.part {
    margin: 0 0 1.75rem;
  }
  .range {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: flex-end;
    margin: 0 0 1rem;
  }
  .range .field {
    margin: 0;
    min-width: 10rem;
  }
  .range fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: flex-start;
    margin: 0;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .chain {
    margin: 0 0 0.5rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid;
  }
  .chain.ok {
    border-color: #1a7f37;
    background: #e9f7ee;
  }
  .chain.broken {
    border-color: #b3261e;
    background: #fdecea;
  }
  .problems {
    margin: 0 0 0.75rem;
    padding-inline-start: 1.25rem;
  }
  code {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
  }
  .table-wrap {
    overflow-x: auto;
    margin: 0 0 1rem;
  }
  .table-wrap:focus-visible {
    outline: 3px solid var(--tessera-color-accent, #00a37a);
    outline-offset: 2px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9375rem;
  }
  caption {
    text-align: start;
    font-weight: 600;
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
    font-variant-numeric: tabular-nums;
  }
`
