/**
 * On a phone a table of three or more columns is wider than the screen, so `styles.css` stacks it: each row
 * becomes a card and each cell a line, led by its column's header. The header is read from the table here,
 * once, into the cell's `data-label` (which the stylesheet shows), so no page restates its column names.
 */

/**
 * The fewest columns with a header on screen that make a table stack on a narrow screen: two fit side by
 * side, with a column headed for screen readers only (a progress bar, a button) beside them.
 */
const stackingColumns = 3;

/** Marks every table under `root` that stacks, and labels each body cell with its column's header. */
function labelTables(root: ParentNode): void {
  for (const table of root.querySelectorAll('table')) labelTable(table);
}

/** Labels the tables of every page shown in `container` from now on, as they are rendered or grow. */
export function watchTables(container: Element): void {
  labelTables(container);
  new MutationObserver((changes) => {
    const tables = new Set<HTMLTableElement>();
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (!(node instanceof Element)) continue;
        const table = node.closest('table');
        if (table) tables.add(table);
        for (const inner of node.querySelectorAll('table')) tables.add(inner);
      }
    }
    for (const table of tables) labelTable(table);
  }).observe(container, { childList: true, subtree: true });
}

function labelTable(table: HTMLTableElement): void {
  const headerRow = table.tHead?.rows[table.tHead.rows.length - 1];
  if (!headerRow) return;
  const labels = columnLabels(headerRow);
  table.classList.toggle('stacks', labels.filter((label) => label !== '').length >= stackingColumns);
  for (const body of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])]) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        const label = labels[column];
        // A row's own header (th) heads its card; a column whose header is for screen readers alone adds nothing.
        if (cell.tagName === 'TD' && label) cell.setAttribute('data-label', label);
        column += cell.colSpan;
      }
    }
  }
}

/** Each column's header text as the screen shows it (without what is there for screen readers only). */
function columnLabels(headerRow: HTMLTableRowElement): string[] {
  const labels: string[] = [];
  for (const cell of headerRow.cells) {
    const shown = cell.cloneNode(true) as HTMLTableCellElement;
    for (const hidden of shown.querySelectorAll('.visually-hidden')) hidden.remove();
    const label = (shown.textContent ?? '').trim();
    for (let spanned = 0; spanned < cell.colSpan; spanned += 1) labels.push(label);
  }
  return labels;
}
