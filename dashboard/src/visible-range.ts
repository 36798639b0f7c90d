/** Rows rendered beyond each edge of the viewport so fast scrolling does not show blank space. */
export const overscanRows = 8;

/** The half-open range [first, last) of row indexes to render for a scroll position. */
export function visibleRange(scrollTopPx: number, viewportHeightPx: number, rowHeightPx: number, count: number) {
  const first = Math.max(0, Math.floor(scrollTopPx / rowHeightPx) - overscanRows);
  const last = Math.min(count, Math.ceil((scrollTopPx + viewportHeightPx) / rowHeightPx) + overscanRows);
  return { first, last: Math.max(first, last) };
}
