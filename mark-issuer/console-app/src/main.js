// The targets page's charts (/console/targets, docs/targets.md): reads the figures the issuer put in
// #figures[data-figures] (no inline script: the console's CSP allows only this bundled file) and
// draws them with ECharts' SVG renderer into the page's .chart boxes; the tables beside them stay the
// page's content, so a browser without this script loses nothing but the pictures.
import * as echarts from 'echarts/core';
import { BarChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { barOption, mapOption } from './charts.js';

echarts.use([BarChart, MapChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

// Foshan's district boundaries (mark-issuer/src/main/resources/geo/foshan-districts.json), put in by build.mjs
// eslint-disable-next-line no-undef
const FOSHAN = __FOSHAN_DISTRICTS__;
const MAP = 'foshan';

function draw() {
  const holder = document.getElementById('figures');
  if (!holder) return;
  const figures = JSON.parse(holder.dataset.figures);
  echarts.registerMap(MAP, FOSHAN);
  const charts = [];
  for (const spec of figures.bars) {
    const el = document.getElementById(spec.id);
    if (el) charts.push(init(el, barOption(spec)));
  }
  const mapEl = document.getElementById(figures.map.id);
  if (mapEl) charts.push(init(mapEl, mapOption(figures.map, FOSHAN, MAP)));
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  document.body.dataset.charts = String(charts.length);   // for the browser test: drawn
}

function init(el, option) {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(option);
  return chart;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
else draw();
