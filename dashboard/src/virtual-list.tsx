import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { visibleRange } from './visible-range';

interface VirtualListProps {
  count: number;
  rowHeightPx: number;
  /** Rows added at the top since the last render; the view shifts by them so a scrolled-down reader keeps their place. */
  prependedSinceLast: number;
  renderRow: (index: number, topPx: number) => ReactNode;
  className?: string;
}

/** Fixed-row-height virtual list: only the rows in view (plus a few) exist in the DOM. */
export function VirtualList({ count, rowHeightPx, prependedSinceLast, renderRow, className }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTopPx, setScrollTopPx] = useState(0);
  const [heightPx, setHeightPx] = useState(800);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeightPx(element.clientHeight));
    observer.observe(element);
    setHeightPx(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && prependedSinceLast > 0 && element.scrollTop > 0) {
      element.scrollTop += prependedSinceLast * rowHeightPx;
      setScrollTopPx(element.scrollTop);
    }
  }, [prependedSinceLast, rowHeightPx]);

  const { first, last } = visibleRange(scrollTopPx, heightPx, rowHeightPx, count);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i, i * rowHeightPx));

  return (
    <div ref={viewport} className={className} style={{ overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTopPx(e.currentTarget.scrollTop)}>
      <div style={{ height: count * rowHeightPx, position: 'relative' }}>{rows}</div>
    </div>
  );
}
