// What the targets page's charts show, as ECharts options: pure functions of the page's figures
// (the JSON in #figures[data-figures], written by the issuer: TargetViews.figuresJson) and of the
// district map's GeoJSON, so node tests check them without a browser. docs/targets.md.

/** A grouped bar chart: categories on x, one bar series per entry of `series` (null values drawn as gaps). */
export function barOption(spec) {
  return {
    title: { text: spec.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: spec.categories, axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: spec.series.map((s) => ({ name: s.name, type: 'bar', data: s.values.map((v) => (v == null ? '-' : v)), label: { show: true, position: 'top' } })),
  };
}

/**
 * The district map: one map series per metric (scans, suspicious scans), the legend switching
 * between them, districts coloured by the metric shown and named in the page's language. The
 * GeoJSON's features carry their division code (properties.code) and Chinese name (properties.name,
 * the name ECharts matches data by); `labels` maps code → the name to show.
 */
export function mapOption(spec, geojson, mapName) {
  const nameOf = {};
  const nameMap = {};
  for (const f of geojson.features) {
    nameOf[f.properties.code] = f.properties.name;
    nameMap[f.properties.name] = spec.labels[f.properties.code] || f.properties.name;
  }
  const max = Math.max(1, ...spec.series.flatMap((s) => Object.values(s.values)));
  return {
    title: { text: spec.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: (p) => `${p.seriesName}<br>${p.name}: ${Number.isFinite(p.value) ? p.value : 0}` },
    legend: { bottom: 0, selectedMode: 'single' },
    visualMap: { min: 0, max, left: 8, bottom: 40, calculable: true, inRange: { color: ['#e8f0fb', '#8fb3e8', '#d1242f'] } },
    series: spec.series.map((s) => ({
      name: s.name,
      type: 'map',
      map: mapName,
      nameMap,
      roam: false,
      showLegendSymbol: false,
      label: { show: true, fontSize: 12 },
      data: Object.entries(s.values).filter(([code]) => nameOf[code]).map(([code, v]) => ({ name: nameMap[nameOf[code]], value: v })),
    })),
  };
}
