import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCost, formatCount } from './format';
import type { UsagePoint } from './session-stats';

const chartHeightPx = 170;

const pad = (n: number) => String(n).padStart(2, '0');
/** HH:MM:SS, with tenths when ticks are closer than a second (a short session). */
export function clockTicks(ticks: readonly number[]): string[] {
  const fine = ticks.length > 1 && ticks[1]! - ticks[0]! < 1;
  return ticks.map((seconds) => {
    const d = new Date(seconds * 1000);
    const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    return fine ? `${base}.${Math.floor(d.getMilliseconds() / 100)}` : base;
  });
}

/** The x range: the points' own, or a minute around a single point (a zero-width range labels every tick alike). */
export function timeRange(min: number, max: number): [number, number] {
  return min === max ? [min - 30, max + 30] : [min, max];
}

function chartData(points: readonly UsagePoint[]): uPlot.AlignedData {
  return [points.map((p) => p.timeSeconds), points.map((p) => p.tokens), points.map((p) => p.costUsd)];
}

/** Tokens and cost over time (running totals), tokens on the left axis, USD on the right; updated in place as spans land. */
export default function UsageChart({ points }: { points: readonly UsagePoint[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const axis = { stroke: '#7d8a9a', grid: { stroke: '#1b2430', width: 1 }, ticks: { stroke: '#222c38', width: 1 } };
    const chart = new uPlot({
      width: Math.max(200, element.clientWidth), height: chartHeightPx,
      legend: { show: true },
      cursor: { points: { size: 6 } },
      scales: { x: { time: true }, tokens: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] }, usd: { auto: true, range: (_u, _min, max) => [0, Math.max(0.0001, max) * 1.08] } },
      axes: [
        // Clock time only: uPlot's default adds a date row that collides with the first tick.
        { ...axis, values: (_u, ticks) => clockTicks(ticks) },
        { ...axis, scale: 'tokens', values: (_u, ticks) => ticks.map((t) => formatCount(t)), size: 56 },
        { ...axis, scale: 'usd', side: 1, grid: { show: false }, values: (_u, ticks) => ticks.map((t) => formatCost(t)), size: 70 },
      ],
      series: [
        {},
        { label: 'tokens', scale: 'tokens', stroke: '#58a6ff', width: 2, fill: 'rgba(88,166,255,0.10)', value: (_u, v) => (v == null ? '' : formatCount(v)) },
        { label: 'cost', scale: 'usd', stroke: '#bc8cff', width: 2, dash: [6, 4], value: (_u, v) => (v == null ? '' : formatCost(v)) },
      ],
    }, chartData([]), element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: chartHeightPx }));
    observer.observe(element);
    return () => { observer.disconnect(); chart.destroy(); plot.current = null; };
  }, []);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    // uPlot sizes a time axis from the data and ignores a range function for one point, so a
    // session with one priced call would label every tick 00:00:00; give it a minute around it.
    if (points.length === 1) {
      chart.setData(chartData(points), false);
      const [min, max] = timeRange(points[0]!.timeSeconds, points[0]!.timeSeconds);
      chart.setScale('x', { min, max });
    } else {
      chart.setData(chartData(points));
    }
  }, [points]);

  return <div ref={host} className="usage-chart" data-testid="usage-chart" data-points={points.length} />;
}
